package com.aperilex.flow.infra;

import com.pulumi.Config;
import java.util.List;
import java.util.Objects;

/**
 * What one stack of the program needs to know, read from its Pulumi config (see Pulumi.prod.yaml.sample).
 *
 * @param environment          stack environment, part of every name (prod, staging)
 * @param region               AWS region of the stack
 * @param auroraMaxAcu         Aurora Serverless v2 maximum; the minimum is 0 (the cluster pauses when idle)
 * @param vpcId                the EKS cluster's VPC
 * @param privateSubnetIds     subnets for Aurora
 * @param eksNodeSecurityGroupId the security group of the EKS nodes, allowed into Aurora on 5432
 * @param eksOidcProviderArn   the EKS cluster's IAM OIDC provider, trusted by the service account's role
 * @param kubeconfig           credentials for the existing EKS cluster (a secret)
 * @param namespace            Kubernetes namespace of the release
 * @param imageRepository      / imageTag  the service image
 * @param edgarUserAgent       "Company contact@domain" sent to SEC
 * @param apiHost              the API's public host name (ALB ingress)
 * @param apiCertificateArn    the ACM certificate the ALB serves HTTPS for apiHost with
 * @param authIssuerUri        the OIDC provider whose bearer tokens the API accepts (its issuer, for discovery)
 * @param authAudience         the audience (aud) the provider issues the API's tokens for
 * @param bedrockModelId       the model the role may invoke, e.g. amazon.nova-lite-v1:0
 * @param chartPath            the chart to install (the repository's helm/aperilex-flow)
 * @param rawFilingsToInfrequentAccessDays raw filings move to S3 Standard-IA after this many days
 * @param rawFilingsExpireDays raw filings are deleted after this many days (they can be fetched again)
 */
public record InfraSettings(
        String environment,
        String region,
        double auroraMaxAcu,
        String vpcId,
        List<String> privateSubnetIds,
        String eksNodeSecurityGroupId,
        String eksOidcProviderArn,
        String kubeconfig,
        String namespace,
        String imageRepository,
        String imageTag,
        String edgarUserAgent,
        String apiHost,
        String apiCertificateArn,
        String authIssuerUri,
        String authAudience,
        String bedrockModelId,
        String chartPath,
        int rawFilingsToInfrequentAccessDays,
        int rawFilingsExpireDays) {

    public static final String SERVICE_ACCOUNT = "aperilex-flow";

    public InfraSettings {
        Objects.requireNonNull(environment, "environment");
        if (auroraMaxAcu < 0.5 || auroraMaxAcu > 256) {
            throw new IllegalArgumentException("auroraMaxAcu must be between 0.5 and 256, not " + auroraMaxAcu);
        }
        if (!eksOidcProviderArn.matches("arn:aws:iam::\\d{12}:oidc-provider/.+")) {
            throw new IllegalArgumentException("eksOidcProviderArn is not an IAM OIDC provider ARN: " + eksOidcProviderArn);
        }
        if (!apiCertificateArn.matches("arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/.+")) {
            throw new IllegalArgumentException("apiCertificateArn is not an ACM certificate ARN: " + apiCertificateArn);
        }
        if (!authIssuerUri.startsWith("https://")) {
            throw new IllegalArgumentException("authIssuerUri must be an https URL: " + authIssuerUri);
        }
        if (authAudience.isBlank()) {
            throw new IllegalArgumentException("authAudience is blank");
        }
        privateSubnetIds = List.copyOf(privateSubnetIds);
    }

    /** The AWS account, from the OIDC provider's ARN. */
    public String accountId() {
        return eksOidcProviderArn.split(":")[4];
    }

    /** The OIDC issuer as IAM conditions name it: host and path, no scheme. */
    public String oidcIssuer() {
        return eksOidcProviderArn.substring(eksOidcProviderArn.indexOf("oidc-provider/") + "oidc-provider/".length());
    }

    /** Reads the stack's config; the region comes from the AWS provider's own aws:region. */
    public static InfraSettings from(Config config, Config aws) {
        return new InfraSettings(
                config.get("environment").orElse("prod"),
                aws.require("region"),
                config.getDouble("auroraMaxAcu").orElse(4.0),
                config.require("vpcId"),
                List.of(config.requireObject("privateSubnetIds", String[].class)),
                config.require("eksNodeSecurityGroupId"),
                config.require("eksOidcProviderArn"),
                config.require("kubeconfig"),
                config.get("namespace").orElse("aperilex"),
                config.require("imageRepository"),
                config.require("imageTag"),
                config.require("edgarUserAgent"),
                config.require("apiHost"),
                config.require("apiCertificateArn"),
                config.require("authIssuerUri"),
                config.require("authAudience"),
                config.get("bedrockModelId").orElse("amazon.nova-lite-v1:0"),
                config.get("chartPath").orElse("../helm/aperilex-flow"),
                config.getInteger("rawFilingsToInfrequentAccessDays").orElse(30),
                config.getInteger("rawFilingsExpireDays").orElse(365));
    }
}
