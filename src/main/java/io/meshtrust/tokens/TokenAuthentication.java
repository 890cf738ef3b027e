package io.meshtrust.tokens;

import io.meshtrust.authn.BearerTokens;
import io.meshtrust.authn.InvalidCredentialException;
import io.meshtrust.signingkeys.SigningKeyFamily;
import io.meshtrust.tokens.user.UserTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Picks the validator for a bearer token by the family its claims name ({@link PresentedToken}): the token is decoded
 * once, through the strict gate, then verified by exactly one family's validator, or refused without any signature
 * work when no validator of its family may take it here. A user token is verified now ({@link UserTokenValidator});
 * a dataplane token on a route whose endpoint verifies tokens itself is handed to that endpoint, which verifies it
 * against the path's mesh ({@code tokens/dataplane/DataplaneTokenValidator}), as Kuma's DP server does
 * ({@code pkg/xds/auth/universal/authenticator.go} {@code authDataplane}).
 *
 * <p>Metrics are counted in the token layer only: the validators count their verdicts, this class the tokens it
 * refuses before any validator ({@link TokenMetrics}).
 */
@ApplicationScoped
public class TokenAuthentication implements BearerTokens {

    private final UserTokenValidator userTokens;
    private final TokenMetrics metrics;

    public TokenAuthentication(UserTokenValidator userTokens, TokenMetrics metrics) {
        this.userTokens = userTokens;
        this.metrics = metrics;
    }

    @Override
    public Verdict read(String token, boolean endpointVerifiesToken) throws InvalidCredentialException {
        PresentedToken presented;
        try {
            presented = PresentedToken.read(token);
        } catch (InvalidTokenException e) {
            throw refused(endpointVerifiesToken, e.getMessage());
        }
        SigningKeyFamily family = presented.family();
        if (family == SigningKeyFamily.USER) {
            try {
                return new Verdict.OfUser(userTokens.validate(presented));
            } catch (InvalidTokenException e) {
                throw new InvalidCredentialException(e.getMessage());
            }
        }
        if (family == SigningKeyFamily.DATAPLANE && endpointVerifiesToken) {
            return new Verdict.Deferred(presented);
        }
        throw refused(endpointVerifiesToken, "a " + PresentedToken.name(family) + " token is not accepted here");
    }

    /**
     * A token no validator took, counted as the kind the route takes: {@code dataplane} where the endpoint verifies
     * dataplane tokens, {@code user} elsewhere (the values these series had when every token was tried as a user
     * token first).
     */
    private InvalidCredentialException refused(boolean endpointVerifiesToken, String reason) {
        metrics.validated(endpointVerifiesToken ? TokenMetrics.Kind.DATAPLANE : TokenMetrics.Kind.USER, false);
        return new InvalidCredentialException(reason);
    }
}
