using System.Collections.Concurrent;
using Huddle.Core.Sessions;

namespace Huddle.Core.Application;

public sealed partial class SessionService
{
    /// <summary>A loaded session, its gate, and which of this node's connections belong to whom.</summary>
    private sealed class Entry(Session session)
    {
        private readonly Dictionary<string, HashSet<string>> _connections = new(StringComparer.Ordinal);

        public long DueAt = long.MaxValue;

        private long _knownVersion;

        /// <summary>The applied version, readable without the gate to skip notices already seen.</summary>
        public long KnownVersion
        {
            get => Volatile.Read(ref _knownVersion);
            set => Volatile.Write(ref _knownVersion, value);
        }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>Other nodes' commit notices not yet applied, in commit order; drained under the gate.</summary>
        public ConcurrentQueue<CommitNotice> Inbox { get; } = new();

        /// <summary>1 while a catch-up of the inbox is scheduled or running.</summary>
        public int CatchingUp;

        private long _staleUpTo;

        /// <summary>Other nodes committed up to a version not applied here yet (in the inbox, or only noted while unattached).</summary>
        public bool Behind => !Inbox.IsEmpty || Volatile.Read(ref _staleUpTo) > Session.Version;

        /// <summary>Notes another node's commit without keeping it (any thread).</summary>
        public void MarkStale(long version)
        {
            var seen = Volatile.Read(ref _staleUpTo);
            while (version > seen)
            {
                var before = Interlocked.CompareExchange(ref _staleUpTo, version, seen);
                if (before == seen) return;
                seen = before;
            }
        }

        /// <summary>The highest version noted by <see cref="MarkStale"/>, forgetting it (under the gate).</summary>
        public long TakeStale() => Interlocked.Exchange(ref _staleUpTo, 0);

        public Session Session { get; } = session;

        public bool Ended { get; private set; }

        public int Attached => _connections.Count;

        public IEnumerable<(string ParticipantId, string ConnectionId)> Connections =>
            _connections.SelectMany(p => p.Value.Select(c => (p.Key, c))).ToList();

        /// <summary>This node's open connections of a participant (a copy: the caller may hold it across awaits).</summary>
        public IReadOnlyCollection<string> ConnectionsOf(string participantId) =>
            _connections.TryGetValue(participantId, out var set) ? [.. set] : [];

        public void Attach(string participantId, string connectionId)
        {
            if (!_connections.TryGetValue(participantId, out var set)) _connections[participantId] = set = [];
            set.Add(connectionId);
        }

        public void Detach(string participantId, string connectionId)
        {
            if (_connections.TryGetValue(participantId, out var set) && set.Remove(connectionId) && set.Count == 0)
                _connections.Remove(participantId);
        }

        /// <summary>Kicked or departed participants lose every connection's membership in the session.</summary>
        public IReadOnlyDictionary<string, IReadOnlyCollection<string>> DetachRemoved(Commit commit)
        {
            Dictionary<string, IReadOnlyCollection<string>>? removed = null;
            foreach (var e in commit.Events)
            {
                var participantId = e switch
                {
                    ParticipantKicked k => k.ParticipantId,
                    ParticipantLeft l => l.ParticipantId,
                    _ => null,
                };
                if (participantId is null || !_connections.Remove(participantId, out var set)) continue;
                (removed ??= new Dictionary<string, IReadOnlyCollection<string>>(StringComparer.Ordinal))[participantId] = set;
            }

            return removed ?? Detached.None;
        }

        // What operators see (ActiveSessions), copied after every commit so they read it without the gate.
        public int Active;
        public int Present;
        public int Participants;
        public long LastActivityAt;

        /// <summary>The idle stretch (by its last activity) this node last sent <c>sessionExpiring</c> for.</summary>
        public long WarnedFor;

        /// <summary>Recomputes when this session next needs the ticker (autoPlay end, host grace expiry).</summary>
        public void Refresh(EngineOptions options)
        {
            Ended = !Session.IsActive;
            var present = Session.IsActive ? Session.PresentCount : 0;
            Volatile.Write(ref Present, present);
            Volatile.Write(ref Participants, Session.Participants.Count);
            Volatile.Write(ref LastActivityAt, Session.LastActivityAt);
            Volatile.Write(ref Active, Session.IsActive ? 1 : 0);
            var due = Session.AutoAdvanceAt() ?? long.MaxValue;
            var host = Session.Host;
            if (Session.IsActive && present > 0 && host is not { Present: true })
            {
                var hostDue = host is null ? 0 : host.LastSeenAt + (long)options.HostGracePeriod.TotalMilliseconds;
                due = Math.Min(due, hostDue);
            }

            Volatile.Write(ref DueAt, due);
        }
    }
}
