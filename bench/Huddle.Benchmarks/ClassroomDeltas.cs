using Huddle.Core.Sessions;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Huddle.Benchmarks;

/// <summary>
/// `--classroom-deltas`: the bytes of the SignalR JSON frame each connection of a classroom receives
/// per change, with 1,000 questions, before issue 20 (the whole public list, <c>questionsUpdated</c>)
/// and after (one question, <c>questionUpdated</c>), and per upvote (<c>questionScoreUpdated</c>, the
/// same before and after). Built with the real commands and wire mapping, as the publisher does.
/// </summary>
internal static class ClassroomDeltas
{
    private static readonly JsonHubProtocol Protocol = new(Options.Create(new JsonHubProtocolOptions()));

    public static void Run()
    {
        foreach (var textLength in new[] { 80, 500 })
        {
            var session = Create(questions: 1000, textLength);
            var room = session.Classroom!;
            var q = room.Questions[500];
            var v = session.Version;
            var list = Frame("questionsUpdated", new QuestionsUpdatedEvent(v, session.QuestionsFor(null, staff: false, personal: false)));
            var position = room.VisibleTo(null, staff: false).ToList().IndexOf(q);
            var delta = Frame("questionUpdated", new QuestionUpdatedEvent(v, q.ItemId, q.ToDto(room, null), position));
            var score = Frame("questionScoreUpdated", new QuestionScoreUpdatedEvent(v, q.ItemId, q.Score + 1));
            Console.WriteLine($"1000 questions of {textLength} chars: a change (ask, edit, approve, answer, pin, hide, delete) " +
                              $"before {list:N0} B, after {delta:N0} B per connection; an upvote {score:N0} B before and after");
        }
    }

    private static int Frame(string name, object e) => Protocol.GetMessageBytes(new InvocationMessage(name, [e])).Length;

    /// <summary>A classroom with <paramref name="questions"/> open questions from 200 participants, scattered upvotes.</summary>
    private static Session Create(int questions, int textLength)
    {
        var limits = new HuddleLimits { QuestionsPerMinute = 600, QuestionsPerSession = questions };
        var session = new Session(limits);
        void Do(IReadOnlyList<SessionEvent> events)
        {
            if (events.Count > 0) session.Apply(new Commit(session.Version + 1, 0, events));
        }

        var settings = SessionSettings.Defaults(limits, SessionKind.Classroom);
        Do(Session.Create(Guid.NewGuid(), "BENCH3", SessionKind.Classroom, "bench", settings, Jam.Id(0), "host", "hash-0", 0));
        Do(Session.SetUpClassroom(limits));
        Do(session.SetPresence(Jam.Id(0), true, 0));
        for (var i = 1; i < 200; i++) Do(session.Join($"student {i}", null, Jam.Id(i), $"hash-{i}", i, out _));
        var random = new Random(7);
        for (var n = 0; n < questions; n++)
        {
            var words = string.Join(' ', Enumerable.Range(0, textLength / 6 + 1).Select(w => $"word{(n + w) % 97}"));
            Do(session.AskQuestion(Jam.Id(n % 200), words[..(textLength - 1)].Trim() + "?", anonymous: n % 3 == 0, $"qn_{n:D4}", 1000 + n));
            for (var u = random.Next(5); u > 0; u--) Do(session.UpvoteQuestion(Jam.Id(random.Next(200)), $"qn_{n:D4}", 1));
        }

        return session;
    }
}
