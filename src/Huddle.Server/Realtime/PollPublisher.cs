using Huddle.Core.Application;
using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Huddle.Server.Realtime;

/// <summary>
/// Sends each changed poll as a delta (<c>pollUpdated</c>: the poll and its position), never the list:
/// the staff view (drafts, live results, the quiz answer) to the moderators' and host's connections, the
/// participants' view, serialized once, to the rest of the group. Every poll commit reaches every
/// connection, so clients see no version gap (and an answer to a poll with results at close only
/// moves its answer count).
/// </summary>
internal static class PollPublisher
{
    public static async Task PublishAsync(IHubContext<SessionHub, ISessionClient> hub, SessionChange change, IEnumerable<string> pollIds)
    {
        var session = change.Session;
        var book = session.Classroom!.Polls;
        var v = change.Commit.Version;
        var staff = ClassroomPublisher.StaffConnections(change);
        var room = staff.Count > 0 ? hub.Clients.GroupExcept(SessionGroups.Of(session.Id), staff) : hub.Clients.Group(SessionGroups.Of(session.Id));
        foreach (var pollId in pollIds)
        {
            var poll = book.Find(pollId);
            await room.pollUpdated(Delta(book, poll, pollId, v, staff: false));
            if (staff.Count > 0) await hub.Clients.Clients(staff).pollUpdated(Delta(book, poll, pollId, v, staff: true));
        }
    }

    private static PollUpdatedEvent Delta(PollBook book, Poll? poll, string pollId, long v, bool staff)
    {
        if (poll is null || !(staff || poll.Status != PollStatus.Draft)) return new PollUpdatedEvent(v, pollId, null, -1);
        var position = book.VisibleTo(staff).TakeWhile(p => p != poll).Count();
        return new PollUpdatedEvent(v, pollId, poll.ToDto(book, staff), position);
    }
}
