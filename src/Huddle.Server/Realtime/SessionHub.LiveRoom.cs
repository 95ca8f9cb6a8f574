using System.Text.Json;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Huddle.Server.Http;
using static Huddle.Server.Realtime.HubRequests;

namespace Huddle.Server.Realtime;

public sealed record NotesRequest(string? Text);

/// <summary>
/// A coaching session's live room on the hub: <c>JoinSession</c> with the room's code on a
/// connection that carries the account's JWT (<c>access_token</c>), then presence, relay and
/// <c>UpdateNotes</c>. Who may join is the room's rule (Core); the hub only says who is asking.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>Replaces the shared notes with <c>text</c> (the whole text; last writer wins) → <c>notesUpdated</c>.</summary>
    public Task UpdateNotes(JsonElement request)
    {
        var text = Parse<NotesRequest>(request).Text;
        return Mutate((s, me, now) => s.UpdateNotes(me, text, now));
    }

    /// <summary>
    /// The connection's account with its name and roles read now (a grant or a removal counts at once), or
    /// null. A token revoked since the connection opened (sign-out everywhere, password change) no longer counts.
    /// </summary>
    private async Task<RoomAccount?> RoomAccountAsync()
    {
        if (Context.User?.Identity?.IsAuthenticated != true || !Guid.TryParse(Context.User.FindFirst("sub")?.Value, out var id)) return null;
        var account = await accounts.FindAsync(id, Context.ConnectionAborted);
        return account is null || !AccountClaims.IsCurrent(Context.User, account)
            ? null
            : new RoomAccount(account.Id, account.Name, account.HasRole(AccountRoles.Admin));
    }
}
