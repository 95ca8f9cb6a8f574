using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

// Presence: joins, leaves and connections. A participant is present while one of their connections
// is recorded (on any node); the recorded set is the truth and the log follows it.
public sealed partial class SessionService
{
    /// <summary>
    /// Joins (or rejoins with a token) and attaches the connection, making the participant present.
    /// <paramref name="subscribe"/> runs under the session's gate right after the commit, so the
    /// connection hears every later commit and none is lost between the snapshot and the first event.
    /// </summary>
    public Task<JoinResult<T>> JoinAsync<T>(
        string? code, string? name, string? participantToken, string connectionId,
        Func<Guid, Task> subscribe, JoinView<T> view, CancellationToken ct) =>
        JoinAsync(code, name, participantToken, null, null, connectionId, subscribe, view, ct);

    /// <summary>
    /// A join that also names the connection's signed-in account, if any: a coaching room admits
    /// only accounts (its coach, its client, admins) and ignores names and tokens; other kinds ignore the account.
    /// <paramref name="deviceId"/> is the browser's own random id (validated at the edge): a ban refuses it too.
    /// </summary>
    public async Task<JoinResult<T>> JoinAsync<T>(
        string? code, string? name, string? participantToken, string? deviceId, RoomAccount? account, string connectionId,
        Func<Guid, Task> subscribe, JoinView<T> view, CancellationToken ct)
    {
        var id = await FindIdAsync(code, ct) ?? throw Errors.SessionNotFound();
        var tokenHash = string.IsNullOrEmpty(participantToken) ? null : Secrets.HashToken(participantToken);
        var deviceHash = string.IsNullOrEmpty(deviceId) ? null : Secrets.HashDevice(id, deviceId);
        var newToken = Secrets.NewToken();
        var newId = Secrets.NewId("p_");
        var participantId = "";
        var joinedAt = 0L;
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            // The connection is recorded before the join commits: a presence check on another node
            // either sees it, or decided without it and then loses the version race to this commit.
            var byAccount = entry.Session.Kind.FollowsBooking();
            var guess = byAccount
                ? account is null ? newId : Session.AccountParticipantId(account.AccountId)
                : (tokenHash is null ? null : entry.Session.FindByTokenHash(tokenHash)?.Id) ?? newId;
            await presence.ConnectAsync(options.NodeId, connectionId, id, guess, Now, ct);
            try
            {
                await CommitAsync(
                    id,
                    entry,
                    (s, now) =>
                    {
                        joinedAt = now;
                        return byAccount
                            ? s.JoinAccount(account, now, out participantId)
                            : s.Join(name, tokenHash, deviceHash, newId, Secrets.HashToken(newToken), now, out participantId);
                    },
                    ct);
            }
            catch
            {
                await presence.DisconnectAsync(connectionId, CancellationToken.None);
                throw;
            }

            // This node had not yet heard of the participant (they joined elsewhere a moment ago).
            if (participantId != guess) await presence.ConnectAsync(options.NodeId, connectionId, id, participantId, Now, ct);
            entry.Attach(participantId, connectionId);
            await subscribe(id);
            // An account is its own proof in a coaching room: there is no participant token to hand out.
            var token = byAccount ? "" : participantId == newId ? newToken : participantToken!;
            return new JoinResult<T>(id, participantId, token, view(entry.Session, participantId, token, joinedAt));
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>A connection closed: the participant stays present while another of theirs is open on any node.</summary>
    public async Task DetachAsync(Guid id, string participantId, string connectionId, CancellationToken ct)
    {
        await presence.DisconnectAsync(connectionId, ct);
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            entry.Detach(participantId, connectionId);
            await SyncPresenceAsync(id, entry, ct);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Recomputes a session's presence from the recorded connections (after a node died).</summary>
    public async Task SyncPresenceAsync(Guid id, CancellationToken ct)
    {
        var entry = await GetEntryAsync(id, ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            await SyncPresenceAsync(id, entry, ct);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Records every connection this node holds again (after others declared it dead), then fixes presence.</summary>
    public async Task RestoreConnectionsAsync(CancellationToken ct)
    {
        foreach (var (id, entry) in _entries)
        {
            await entry.Gate.WaitAsync(ct);
            try
            {
                foreach (var (participantId, connectionId) in entry.Connections)
                    await presence.ConnectAsync(options.NodeId, connectionId, id, participantId, Now, ct);
                await SyncPresenceAsync(id, entry, ct);
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    public Task LeaveAsync(Guid id, string participantId, CancellationToken ct) =>
        MutateAsync(id, (s, now) => s.Leave(participantId, now), ct);

    /// <summary>Under the entry's gate: presence follows the connections recorded on every node.</summary>
    private Task SyncPresenceAsync(Guid id, Entry entry, CancellationToken ct) =>
        CommitAsync(id, entry, async (s, now) => s.SyncPresence(await presence.ConnectedAsync(id, ct), now), ct);
}
