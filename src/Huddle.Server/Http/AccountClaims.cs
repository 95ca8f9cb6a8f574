using System.Security.Claims;
using Huddle.Core.Coaching;

namespace Huddle.Server.Http;

/// <summary>
/// What an account's access token says, read the same way by the REST endpoints and the hub
/// (which is why it sits here, below both, and not with the accounts service that issues tokens).
/// </summary>
public static class AccountClaims
{
    /// <summary>The claim carrying the account's security stamp; replacing the stamp revokes every earlier token.</summary>
    public const string Stamp = "stamp";

    /// <summary>The authorization policy "any signed-in account" (registered by the coaching setup under this name).</summary>
    public const string SignedInPolicy = "account";

    /// <summary>The account a validated token speaks for ("sub"); none: <c>not_allowed</c>.</summary>
    public static Guid AccountIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : throw Huddle.Core.Errors.NotAllowed("Sign in first.");

    /// <summary>
    /// Whether a validated token still speaks for the account: it carries the account's current stamp.
    /// (An account created by a node still on the release before stamps has an empty one, which matches
    /// tokens without the claim until its first sign-out everywhere or password change.)
    /// </summary>
    public static bool IsCurrent(ClaimsPrincipal user, Account account) =>
        string.Equals(StampOf(user), account.SecurityStamp, StringComparison.Ordinal);

    public static string StampOf(ClaimsPrincipal user) => user.FindFirstValue(Stamp) ?? "";
}
