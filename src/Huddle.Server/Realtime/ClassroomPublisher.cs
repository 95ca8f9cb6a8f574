using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// The classroom kind's part of <see cref="HubPublisher"/>. Each client must see only what its role
/// may (SPEC §5.4): pending and hidden questions go to moderators and their own author, removed ones
/// to moderators only, never to the room. Built for a lecture hall (500 people, 1,000 questions):
/// every changed question goes out as one delta (<c>questionUpdated</c>: the question and its
/// position), so an event costs the same whatever the number of questions; the public delta is
/// serialized once for the group minus the moderators' and the private authors' connections, the
/// moderators' once, a personal one only to authors who have a pending or hidden question (their
/// list, so their positions, differ). An upvote alone sends a ~60-byte score delta. The whole list
/// goes only to a participant whose view changed as a whole (a role change, a host hand-over).
/// </summary>
internal static class ClassroomPublisher
{
    public static async Task PublishAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change)
    {
        var (session, commit, _) = change;
        var room = session.Classroom!;
        var v = commit.Version;
        var moderation = false;
        List<string>? polls = null;
        HashSet<string>? audienceChanged = null;
        foreach (var e in commit.Events)
        {
            switch (e)
            {
                case PollEvent p:
                    (polls ??= []).Add(p.PollId);
                    break;
                case BlockedWordsSet or AskingBanChanged:
                    moderation = true;
                    break;
                case RoleChanged r:
                    (audienceChanged ??= new(StringComparer.Ordinal)).Add(r.ParticipantId);
                    break;
                case HostChanged h:
                    audienceChanged ??= new(StringComparer.Ordinal);
                    if (h.ParticipantId is not null) audienceChanged.Add(h.ParticipantId);
                    if (h.PreviousHostId is not null) audienceChanged.Add(h.PreviousHostId);
                    break;
            }
        }

        if (polls is not null) await PollPublisher.PublishAsync(hub, change, polls.Distinct(StringComparer.Ordinal));
        if (room.ChangedInLastCommit.Count > 0) await SendDeltasAsync(hub, change, v);

        var group = hub.Clients.Group(SessionGroups.Of(session.Id));
        foreach (var itemId in room.RescoredInLastCommit)
        {
            if (!room.ChangedInLastCommit.ContainsKey(itemId) && room.Find(itemId) is { Status: QuestionStatus.Open, IsRemoved: false } q)
                await group.questionScoreUpdated(new QuestionScoreUpdatedEvent(v, itemId, q.Score));
        }

        if (moderation) await SendModerationAsync(hub, change, v);
        foreach (var participantId in audienceChanged ?? [])
        {
            var connections = change.ConnectionsOf(participantId);
            if (connections.Count == 0 || session.Find(participantId) is not { Kicked: false }) continue;
            var staff = session.IsStaff(participantId);
            var clients = hub.Clients.Clients(connections);
            await clients.questionsUpdated(new QuestionsUpdatedEvent(v, session.QuestionsFor(participantId, staff, personal: true)));
            await clients.moderationUpdated(new ModerationUpdatedEvent(v, session.ModerationFor(participantId, staff)));
        }
    }

    /// <summary>One delta per changed question for each audience: the room, the moderators, each private author.</summary>
    private static async Task SendDeltasAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change, long v)
    {
        var session = change.Session;
        var room = session.Classroom!;
        var staffConnections = StaffConnections(change);
        var privateAuthors = room.Questions.Where(q => q.IsPrivate).Select(q => q.AuthorId);
        var changedAuthors = room.ChangedInLastCommit.Keys.Select(room.Find).OfType<Question>().Select(q => q.AuthorId);
        var authors = privateAuthors.Concat(changedAuthors)
            .Distinct(StringComparer.Ordinal)
            .Where(a => !session.IsStaff(a))
            .Select(a => (Id: a, Connections: change.ConnectionsOf(a)))
            .Where(a => a.Connections.Count > 0)
            .ToList();

        var excluded = staffConnections.Concat(authors.SelectMany(a => a.Connections)).ToList();
        var publicList = room.VisibleTo(null, staff: false);
        var staffList = staffConnections.Count > 0 ? room.VisibleTo(null, staff: true) : [];
        var lists = authors.ToDictionary(a => a.Id, a => room.VisibleTo(a.Id, staff: false), StringComparer.Ordinal);
        var roomClients = hub.Clients.GroupExcept(SessionGroups.Of(session.Id), excluded);
        var sentToRoom = false;
        foreach (var (itemId, wasPublic) in room.ChangedInLastCommit)
        {
            var question = room.Find(itemId);
            if (question is { IsPublic: true } || wasPublic)
            {
                await roomClients.questionUpdated(Delta(room, itemId, question, publicList, viewerId: null, v));
                sentToRoom = true;
            }

            if (staffConnections.Count > 0)
                await hub.Clients.Clients(staffConnections).questionUpdated(Delta(room, itemId, question, staffList, viewerId: null, v));
            foreach (var (authorId, connections) in authors)
            {
                // An author gets every change, their own questions marked mine, in their own list's positions.
                await hub.Clients.Clients(connections).questionUpdated(Delta(room, itemId, question, lists[authorId], authorId, v));
            }
        }

        // Only questions the room never saw changed (a question held for review, say): no id, just the version.
        if (!sentToRoom) await roomClients.questionUpdated(new QuestionUpdatedEvent(v, null, null, -1));
    }

    private static QuestionUpdatedEvent Delta(Classroom room, string itemId, Question? question, IReadOnlyList<Question> list, string? viewerId, long v)
    {
        var position = question is null ? -1 : IndexOf(list, question);
        return position < 0
            ? new QuestionUpdatedEvent(v, itemId, null, -1)
            : new QuestionUpdatedEvent(v, itemId, question!.ToDto(room, viewerId), position);
    }

    private static int IndexOf(IReadOnlyList<Question> list, Question question)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (ReferenceEquals(list[i], question)) return i;
        }

        return -1;
    }

    /// <summary>The word filter and the bans in full to the moderators; to everyone else only whether they may ask.</summary>
    private static async Task SendModerationAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change, long v)
    {
        var session = change.Session;
        var room = session.Classroom!;
        var staff = session.Participants.Where(p => session.IsStaff(p.Id)).ToList();
        var staffConnections = staff.SelectMany(p => change.ConnectionsOf(p.Id)).ToList();
        var banned = room.BannedFromAsking.SelectMany(change.ConnectionsOf).ToList();
        var everyoneElse = hub.Clients.GroupExcept(SessionGroups.Of(session.Id), staffConnections.Concat(banned).ToList());
        await everyoneElse.moderationUpdated(new ModerationUpdatedEvent(v, new ModerationDto(null, null, false)));
        if (banned.Count > 0) await hub.Clients.Clients(banned).moderationUpdated(new ModerationUpdatedEvent(v, new ModerationDto(null, null, true)));
        if (staffConnections.Count > 0)
            await hub.Clients.Clients(staffConnections).moderationUpdated(new ModerationUpdatedEvent(v, session.ModerationFor(staff[0].Id, staff: true) with { AskingBanned = false }));
    }

    /// <summary>The connections on this node of the moderators and the host (they see drafts, pending questions, live results).</summary>
    public static List<string> StaffConnections(SessionChange change) =>
        change.Session.Participants
            .Where(p => change.Session.IsStaff(p.Id))
            .SelectMany(p => change.ConnectionsOf(p.Id))
            .ToList();
}
