using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// The classroom kind's part of <see cref="HubPublisher"/>. Each client must see only what its role
/// may (SPEC §5.4): pending and hidden questions go to moderators and their own author, never to the
/// room. Built for a lecture hall (500 people): the public list is serialized once and sent to the
/// session's group minus the moderators' and those authors' connections; the moderators' list once
/// to their connections; a personal list only to authors who have a pending or hidden question. An
/// upvote alone sends a ~60-byte score delta instead of any list.
/// </summary>
internal static class ClassroomPublisher
{
    public static async Task PublishAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change)
    {
        var (session, commit, _) = change;
        var room = session.Classroom!;
        var v = commit.Version;
        var lists = false;
        List<string>? scored = null;
        List<string>? polls = null;
        foreach (var e in commit.Events)
        {
            switch (e)
            {
                case QuestionUpvoted u:
                    (scored ??= []).Add(u.ItemId);
                    break;
                case ClassroomStarted:
                    break;
                case PollEvent p:
                    (polls ??= []).Add(p.PollId);
                    break;
                case ClassroomEvent or RoleChanged or HostChanged or ParticipantKicked:
                    // Roles change who sees the moderation queue; a kick takes votes away.
                    lists = true;
                    break;
            }
        }

        if (polls is not null) await PollPublisher.PublishAsync(hub, change, polls.Distinct(StringComparer.Ordinal));
        if (lists)
        {
            await SendListsAsync(hub, change, v);
            return;
        }

        if (scored is null) return;
        var group = hub.Clients.Group(SessionGroups.Of(session.Id));
        foreach (var itemId in scored.Distinct(StringComparer.Ordinal))
        {
            if (room.Find(itemId) is { Status: QuestionStatus.Open } q)
                await group.questionScoreUpdated(new QuestionScoreUpdatedEvent(v, itemId, q.Score));
        }
    }

    private static async Task SendListsAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change, long v)
    {
        var session = change.Session;
        var staffConnections = StaffConnections(change);
        var authors = session.Classroom!.Questions
            .Where(q => !q.IsPublic && !session.IsStaff(q.AuthorId))
            .Select(q => q.AuthorId)
            .Distinct(StringComparer.Ordinal)
            .Select(a => (Id: a, Connections: change.ConnectionsOf(a)))
            .Where(a => a.Connections.Count > 0)
            .ToList();

        var excluded = staffConnections.Concat(authors.SelectMany(a => a.Connections)).ToList();
        var everyone = session.QuestionsFor(null, staff: false, personal: false);
        await hub.Clients.GroupExcept(SessionGroups.Of(session.Id), excluded).questionsUpdated(new QuestionsUpdatedEvent(v, everyone));
        if (staffConnections.Count > 0)
            await hub.Clients.Clients(staffConnections).questionsUpdated(new QuestionsUpdatedEvent(v, session.QuestionsFor(null, staff: true, personal: false)));
        foreach (var (authorId, connections) in authors)
            await hub.Clients.Clients(connections).questionsUpdated(new QuestionsUpdatedEvent(v, session.QuestionsFor(authorId, staff: false, personal: true)));
    }

    /// <summary>The connections on this node of the moderators and the host (they see drafts, pending questions, live results).</summary>
    public static List<string> StaffConnections(SessionChange change) =>
        change.Session.Participants
            .Where(p => change.Session.IsStaff(p.Id))
            .SelectMany(p => change.ConnectionsOf(p.Id))
            .ToList();
}
