using Huddle.Core.Coaching;
using Huddle.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Coaching;

/// <summary>Coaching accounts: register and log in (anonymous), who am I (signed in).</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Coaching accounts");
        group.MapPost("/register", Register).AllowAnonymous().RequireRateLimiting(RateLimiting.CreatePolicy)
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(429);
        group.MapPost("/login", Login).AllowAnonymous().Produces<TokenDto>(200).ProducesProblem(400).ProducesProblem(401);
        group.MapGet("/me", Me).RequireAuthorization(CoachingPolicies.Account).ProducesProblem(401);
        return app;
    }

    private static async Task<Created<TokenDto>> Register(RegisterRequest request, AccountService accounts, CancellationToken ct)
    {
        var account = await accounts.CreateAsync(request.Email, request.Password, request.Name, [AccountRoles.Client], ct);
        return TypedResults.Created("/api/auth/me", accounts.Issue(account).ToDto());
    }

    private static async Task<IResult> Login(LoginRequest request, AccountService accounts, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok((await accounts.LoginAsync(request.Email, request.Password, ct)).ToDto());
        }
        catch (LoginRefusedException e)
        {
            return TypedResults.Problem(Problems.Create(StatusCodes.Status401Unauthorized, LoginRefusedException.Code, e.Message));
        }
    }

    private static async Task<Ok<AccountDto>> Me(HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var account = await accounts.FindAsync(AccountService.AccountId(http.User), ct)
            ?? throw Huddle.Core.Errors.NotAllowed("This account no longer exists.");
        return TypedResults.Ok(account.ToDto());
    }
}
