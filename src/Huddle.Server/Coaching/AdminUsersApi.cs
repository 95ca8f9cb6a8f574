using Huddle.Core;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Huddle.Server.Coaching;

/// <summary>Admin: grant a role to an account (e.g. make a client a coach).</summary>
public static class AdminUsersApi
{
    public static IEndpointRouteBuilder MapAdminUsers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/users/{id:guid}/roles", Grant).WithTags("Admin")
            .RequireAuthorization(CoachingPolicies.Admin)
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Ok<AccountDto>> Grant(Guid id, GrantRoleRequest request, IAccountStore accounts, CancellationToken ct)
    {
        var role = request.Role?.Trim().ToLowerInvariant();
        if (role is null || !AccountRoles.All.Contains(role))
            throw Errors.Invalid("invalid_role", "role must be one of: client, coach, admin.");
        if (!await accounts.AddRoleAsync(id, role, ct))
            throw new HuddleException("account_not_found", "No account has this id.", ErrorKind.NotFound);
        return TypedResults.Ok((await accounts.FindAsync(id, ct))!.ToDto());
    }
}
