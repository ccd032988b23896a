package com.aperilex.flow.infra;

import com.pulumi.Pulumi;

/** Entry point for `pulumi up` (runtime java, this module): reads the stack's config and provisions. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        Pulumi.run(ctx -> AperilexInfrastructure.provision(ctx,
                InfraSettings.from(ctx.config(), ctx.config("aws"))));
    }
}
