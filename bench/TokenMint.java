import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;

/**
 * Bench helper (single-file program, run with nimbus-jose-jwt on the class path): an RSA key as a JWKS
 * document for the service to trust, and one signed token per bench user, one per line.
 * Usage: java -cp nimbus-jose-jwt.jar bench/TokenMint.java OUT_DIR ISSUER AUDIENCE USERS
 */
public class TokenMint {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        String issuer = args[1];
        String audience = args[2];
        int users = Integer.parseInt(args[3]);
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                .generate();
        Files.writeString(out.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
        RSASSASigner signer = new RSASSASigner(key);
        Instant now = Instant.now();
        try (PrintWriter tokens = new PrintWriter(Files.newBufferedWriter(out.resolve("tokens.txt")))) {
            for (int i = 1; i <= users; i++) {
                JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                        .subject("bench-user-" + i).claim("email", "user-" + i + "@bench.example.com")
                        .claim("email_verified", true).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(3 * 3600))).build();
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT).build(), claims);
                jwt.sign(signer);
                tokens.println(jwt.serialize());
            }
        }
    }
}
