using System.Globalization;
using System.Text;
using Huddle.Core.Sessions;
using Huddle.Core.Tests.Support;

namespace Huddle.Core.Tests.Classroom;

/// <summary>Classroom sessions for tests: a <see cref="JamBuilder"/> of kind classroom; question ids are "qn_" + a number.</summary>
internal static class ClassroomBuilder
{
    public static JamBuilder Create(SettingsPatch? settings = null, HuddleLimits? limits = null)
    {
        var room = JamBuilder.Create(settings, limits, SessionKind.Classroom);
        room.Do(Session.SetUpClassroom(room.Limits));
        return room;
    }

    public static string Ask(this JamBuilder room, string actorId, string text, bool anonymous = false, long at = 0)
    {
        var itemId = "qn_" + (room.Session.Classroom!.Questions.Count + 1 + room.Commits.Count).ToString(CultureInfo.InvariantCulture);
        room.Do(room.Session.AskQuestion(actorId, text, anonymous, itemId, at), at);
        return itemId;
    }

    public static void Upvote(this JamBuilder room, string actorId, string itemId, int value = 1) =>
        room.Do(room.Session.UpvoteQuestion(actorId, itemId, value));

    public static Core.Sessions.Classroom Room(this JamBuilder room) => room.Session.Classroom!;

    public static IReadOnlyList<string> Visible(this JamBuilder room, string? viewerId) =>
        room.Room().VisibleTo(viewerId, viewerId is not null && room.Session.IsStaff(viewerId)).Select(q => q.ItemId).ToList();

    public static Question Q(this JamBuilder room, string itemId) => room.Room().Find(itemId)!;

    /// <summary>Everything observable, questions included, to prove a command changed nothing.</summary>
    public static string State(Session s)
    {
        var b = new StringBuilder(JamBuilder.Snapshot(s));
        if (s.Classroom is not { } room) return b.ToString();
        b.Append(CultureInfo.InvariantCulture, $"pinned={room.PinnedId}\n");
        b.Append(CultureInfo.InvariantCulture, $"blocked={string.Join(',', room.BlockedWords)} banned={string.Join(',', room.BannedFromAsking.Order(StringComparer.Ordinal))}\n");
        foreach (var q in room.Questions)
        {
            b.Append(CultureInfo.InvariantCulture,
                $"Q {q.ItemId} {q.Status} {q.Text} anon={q.Anonymous} by={q.AuthorId} up={string.Join(',', q.Upvoters.Order(StringComparer.Ordinal))} answered={q.AnsweredAt} edited={q.EditedAt} removed={q.RemovedAt}\n");
        }

        return b.ToString();
    }

    public static HuddleException Rejects(Session session, string code, Func<object> command)
    {
        var before = State(session);
        var error = Assert.Throws<HuddleException>(command);
        Assert.Equal(code, error.Code);
        Assert.Equal(before, State(session));
        return error;
    }
}
