using Huddle.Core.Coaching;
using Huddle.Server.Http;
using Huddle.Server.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Coaching;

/// <summary>
/// Coaching accounts: register and log in (anonymous); who am I, change the password and sign out
/// everywhere (signed in). Login and the password change are slowed per client address (429
/// <c>login_throttled</c> with Retry-After).
/// </summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Coaching accounts");
        group.MapPost("/register", Register).AllowAnonymous().RequireRateLimiting(RateLimiting.CreatePolicy)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(429);
        group.MapPost("/login", Login).AllowAnonymous().ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
        group.MapGet("/me", Me).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401);
        group.MapPost("/password", ChangePassword).RequireAuthorization(CoachingPolicies.Account)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(429);
        group.MapPost("/logout-all", LogoutAll).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401).ProducesProblem(403);
        return app;
    }

    private static async Task<Created<TokenDto>> Register(RegisterRequest request, AccountService accounts, CancellationToken ct)
    {
        var account = await accounts.CreateAsync(request.Email, request.Password, request.Name, [AccountRoles.Client], ct);
        return TypedResults.Created("/api/auth/me", accounts.Issue(account).ToDto());
    }

    private static async Task<Ok<TokenDto>> Login(LoginRequest request, AccountService accounts, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await accounts.LoginAsync(request.Email, request.Password, http.Connection.RemoteIpAddress, ct)).ToDto());

    /// <summary>The new password must pass the rules; every earlier token is revoked, the answer is this device's new one.</summary>
    private static async Task<Ok<TokenDto>> ChangePassword(ChangePasswordRequest request, AccountService accounts, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await accounts.ChangePasswordAsync(http.User, request.CurrentPassword, request.NewPassword, http.Connection.RemoteIpAddress, ct)).ToDto());

    private static async Task<NoContent> LogoutAll(AccountService accounts, HttpContext http, CancellationToken ct)
    {
        await accounts.SignOutEverywhereAsync(http.User, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<AccountDto>> Me(HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var account = await accounts.FindAsync(AccountService.AccountId(http.User), ct)
            ?? throw Huddle.Core.Errors.NotAllowed("This account no longer exists.");
        return TypedResults.Ok(account.ToDto());
    }
}
