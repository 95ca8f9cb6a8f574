using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Huddle.LoadGen;

/// <summary>
/// <c>--kind classroom</c>: the lecture hall of issue 20. Each session is a live Q&amp;A seeded with
/// <c>--questions</c> questions; the timetable then sends upvotes (toggling one participant's upvote on a
/// seeded question) and new questions. Broadcast latency is measured as for jams (every commit carries a
/// version every connection receives); the tap adds the bytes of every event frame by event name, so
/// "bytes per event" can be compared between runs with 100 and 1,000 questions.
/// </summary>
internal sealed partial class LoadRun
{
    private readonly ConcurrentDictionary<int, List<string>> _questionIds = new();
    private long _asked;

    private async Task SeedQuestionsAsync(CancellationToken ct)
    {
        await Parallel.ForEachAsync(_sessions, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (s, token) =>
        {
            var joined = s.Participants.Where(p => p.Joined).ToList();
            var ids = _questionIds.GetOrAdd(s.Index, _ => []);
            if (joined.Count == 0) return;

            // Spread over the room (two each for 1,000 questions and 500 people: under the 5-a-minute limit),
            // a few at a time so the session's commit budget is not the thing measured.
            await Parallel.ForEachAsync(Enumerable.Range(0, o.Questions), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = token }, async (k, inner) =>
            {
                var p = joined[k % joined.Count];
                var pending = new Pending("AskQuestion", 0, measured: false);
                try
                {
                    var asked = await p.InvokeAsync<JsonElement>(pending, "AskQuestion", new { text = QuestionText(k) }, inner);
                    lock (ids) ids.Add(asked.GetProperty("itemId").GetString()!);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    SetupError("seed: " + (ErrorCode(e) ?? e.GetType().Name));
                }
                finally
                {
                    p.Complete(pending);
                }
            });
        });
    }

    /// <summary>An upvote toggle on a seeded question (the mix's vote share) or a new question (its add share).</summary>
    private Call? ClassroomCall(SessionState s, Participant p, double roll)
    {
        if (roll >= o.Mix.Vote)
        {
            var n = Interlocked.Increment(ref _asked);
            return new Call("AskQuestion", new { text = QuestionText(o.Questions + (int)n) }, null);
        }

        if (!_questionIds.TryGetValue(s.Index, out var ids) || ids.Count == 0) return null;
        string itemId;
        lock (ids) itemId = ids[_random.Next(ids.Count)];

        // Always the other value than this participant's current one: an unchanged upvote commits nothing.
        var value = p.MyVotes.GetValueOrDefault(itemId) == 1 ? 0 : 1;
        p.MyVotes[itemId] = value;
        return new Call("UpvoteQuestion", new { itemId, value }, null);
    }

    /// <summary>Questions of a realistic length (about 120 characters), different from each other.</summary>
    private static string QuestionText(int n) =>
        $"Question {n}: could you go over the last example again, and explain why the second step works for every case?";

    /// <summary>Frames and bytes of each event received by all connections from the window's start, and per frame.</summary>
    private JsonObject ClassroomJson()
    {
        var totals = new Dictionary<string, (long Frames, long Bytes)>(StringComparer.Ordinal);
        foreach (var p in _sessions.SelectMany(s => s.Participants))
        {
            foreach (var (name, (frames, bytes)) in p.EventBytes())
            {
                var (f, b) = totals.GetValueOrDefault(name);
                totals[name] = (f + frames, b + bytes);
            }
        }

        var byEvent = new JsonObject();
        foreach (var (name, (frames, bytes)) in totals.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            byEvent[name] = new JsonObject
            {
                ["frames"] = frames, ["bytes"] = bytes, ["bytes_per_frame"] = Round(bytes / (double)Math.Max(1, frames)),
            };
        }

        return new JsonObject
        {
            ["questions_seeded"] = _questionIds.Values.Sum(ids => ids.Count),
            ["asks_sent"] = Interlocked.Read(ref _asked),
            ["events_by_name"] = byEvent,
        };
    }
}
