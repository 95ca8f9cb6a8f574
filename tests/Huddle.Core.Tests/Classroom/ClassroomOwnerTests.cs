using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Classroom;

/// <summary>Teachers who own their rooms: the owner recorded at creation, reopening as host, the default word list.</summary>
public class ClassroomOwnerTests
{
    private const string Host = JamBuilder.HostId;
    private static readonly Guid Owner = new("0c0c0c0c-0000-4000-8000-000000000001");

    [Fact]
    public void ReopenAsOwner_ReissuesTheCreatorsToken_LiftsAKick_AndGivesTheHostRoleBack()
    {
        var room = RecordedOwnedClassroom();

        Assert.Equal(Owner, room.Room().OwnerAccountId);
        Assert.Equal(Host, room.Session.OwnerParticipantId);
        Assert.Equal(Host, room.Session.HostId);
        Assert.Equal("hash-new", room.Session.Find(Host)!.TokenHash);
        Assert.Null(room.Session.FindByTokenHash(JamBuilder.TokenHash(Host)));
        Assert.False(room.Session.Find(Host)!.Kicked);
    }

    [Fact]
    public void ReopenAsOwner_ByAnotherAccount_OrInANameOnlyRoom_IsNotRoomOwner_AndChangesNothing()
    {
        var owned = Owned();
        var nameOnly = ClassroomBuilder.Create();

        ClassroomBuilder.Rejects(owned.Session, "not_room_owner", () => owned.Session.ReopenAsOwner(Guid.NewGuid(), "hash-x", 5, out _));
        ClassroomBuilder.Rejects(nameOnly.Session, "not_room_owner", () => nameOnly.Session.ReopenAsOwner(Owner, "hash-x", 5, out _));
        Assert.Null(nameOnly.Session.OwnerParticipantId);
    }

    [Fact]
    public void ReopenAsOwner_OfAnEndedRoom_IsSessionEnded()
    {
        var owned = Owned();
        owned.Do(owned.Session.End(Host, "ended_by_host", 3));

        ClassroomBuilder.Rejects(owned.Session, "session_ended", () => owned.Session.ReopenAsOwner(Owner, "hash-x", 5, out _));
    }

    [Fact]
    public void ADefaultWordList_IsTheFiltersListFromTheFirstCommit()
    {
        var room = JamBuilder.Create(kind: SessionKind.Classroom);
        room.Do(Session.SetUpClassroom(room.Limits, blockedWords: ["darn"]));
        var ana = room.Join("Ana");

        Assert.Equal(["darn"], room.Room().BlockedWords);
        room.Ask(ana, "Darn, why?");
        Assert.Equal(QuestionStatus.Pending, room.Room().Questions[^1].Status);
    }

    /// <summary>An owned classroom whose owner handed the host role on, was kicked by the new host, then reopened it.</summary>
    internal static JamBuilder RecordedOwnedClassroom()
    {
        var room = Owned();
        var ben = room.Join("Ben");
        room.Do(room.Session.TransferHost(Host, ben));
        room.Do(room.Session.Kick(ben, Host));
        room.Do(room.Session.ReopenAsOwner(Owner, "hash-new", 4, out var participantId), 4);
        Assert.Equal(Host, participantId);
        return room;
    }

    private static JamBuilder Owned()
    {
        var room = JamBuilder.Create(kind: SessionKind.Classroom);
        room.Do(Session.SetUpClassroom(room.Limits, Owner));
        return room;
    }
}
