using System.Security.Claims;
using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Huddle.Server.Coaching;

/// <summary>Admin: find accounts and grant or remove their roles (e.g. make a client a coach).</summary>
public static class AdminUsersApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxQueryLength = 100;

    public static IEndpointRouteBuilder MapAdminUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/users").WithTags("Admin").RequireAuthorization(CoachingPolicies.Admin)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", Search);
        group.MapPost("/{id:guid}/roles", Grant).ProducesProblem(404);
        group.MapDelete("/{id:guid}/roles/{role}", Remove).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AdminAccountDto>>> Search(string? q, int? limit, IAccountStore accounts, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length > MaxQueryLength || text.Any(char.IsControl))
            throw Errors.InvalidInput($"q is at most {MaxQueryLength} characters, without control characters.");
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit) throw Errors.InvalidInput($"limit must be 1 to {MaxLimit}.");
        var found = await accounts.SearchAccountsAsync(text, take, ct);
        return TypedResults.Ok<IReadOnlyList<AdminAccountDto>>([.. found.Select(a => a.ToAdminDto())]);
    }

    private static async Task<Ok<AccountDto>> Grant(Guid id, GrantRoleRequest request, IAccountStore accounts, CancellationToken ct)
    {
        var role = ParseRole(request.Role);
        if (!await accounts.AddRoleAsync(id, role, ct)) throw AccountNotFound();
        return TypedResults.Ok((await accounts.FindAsync(id, ct))!.ToDto());
    }

    private static async Task<Ok<AccountDto>> Remove(Guid id, string role, HttpContext http, IAccountStore accounts, CancellationToken ct)
    {
        var parsed = ParseRole(role);
        // Every account is a client (it is how they book); only the granted roles can be taken away.
        if (parsed == AccountRoles.Client) throw Errors.Invalid(ErrorCodes.InvalidRole, "Every account is a client; only coach and admin can be removed.");
        // An admin signed in with an account cannot lock themselves out (the operator's key has no account).
        if (parsed == AccountRoles.Admin && Guid.TryParse(http.User.FindFirstValue(JwtRegisteredClaimNames.Sub), out var self) && self == id)
            throw Errors.Conflict(ErrorCodes.CannotRemoveOwnAdmin, "You cannot remove your own admin role; ask another admin.");
        if (!await accounts.RemoveRoleAsync(id, parsed, ct)) throw AccountNotFound();
        return TypedResults.Ok((await accounts.FindAsync(id, ct))!.ToDto());
    }

    private static string ParseRole(string? raw)
    {
        var role = raw?.Trim().ToLowerInvariant();
        return role is not null && AccountRoles.All.Contains(role)
            ? role
            : throw Errors.Invalid(ErrorCodes.InvalidRole, "role must be one of: client, coach, admin.");
    }

    private static HuddleException AccountNotFound() => new(ErrorCodes.AccountNotFound, "No account has this id.", ErrorKind.NotFound);
}
