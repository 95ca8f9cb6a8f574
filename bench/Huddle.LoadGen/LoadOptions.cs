using System.Globalization;
using System.Net;

namespace Huddle.LoadGen;

/// <summary>Every parameter of a run, from command-line flags. Nothing is read from elsewhere.</summary>
internal sealed class LoadOptions
{
    public const string Usage = """
        Huddle.LoadGen — open-loop load against a Huddle server on this machine (loopback only).

          --url URL               server base URL, e.g. http://127.0.0.1:5099 (repeat for several nodes:
                                  participants are spread round-robin over them; sessions are created on the first)
          --spread HOW            with several --url: participant (default: a session's participants alternate
                                  between nodes, so every commit crosses nodes) or session (all of a session's
                                  participants on one node, sessions round-robin: what nginx's hash on ?session does)
          --negotiate             connect as apps do: POST /negotiate, then the WebSocket (default: skip negotiate and
                                  open the WebSocket directly, since at 10,000 connections the extra round trip each
                                  slows the ramp-up; either way the transport is WebSockets only)
          --kind KIND             jam (default) or classroom: one live Q&A per session, pre-seeded with --questions
                                  questions; the mix's names are then upvote (UpvoteQuestion, toggling) and ask
                                  (AskQuestion), e.g. --mix upvote=50,ask=1 --rate 51 (the lecture hall of issue 20);
                                  the report adds the bytes of every event frame by event name (bytes per event)
          --questions Q           classroom: questions asked before the run (default 1000; lift the server's
                                  Huddle__Limits__QuestionsPerSession above Q + the run's asks)
          --sessions M            jam sessions to create (default 10)
          --participants N        participants per session, host included, each on its own connection (default 10, max 1000)
          --rate R                offered mutations per second, all sessions together (default 100)
          --duration S            measured seconds (default 20)
          --warmup S              seconds of load before measuring (default 5)
          --mix SPEC              share of each mutation, e.g. vote=90,add=5,remove=5 (default)
          --queue Q               songs seeded into each queue (default 25; the server's queue limit is 50)
          --max-connections C     refuse to run if M x N is above this (default 10000)
          --max-in-flight F       invocations outstanding at once; a send beyond it is dropped and counted (default 20000)
          --connect-concurrency K connections opened in parallel during ramp-up (default 50)
          --late-ms L             a send more than L ms behind its timetable counts as late (default 10)
          --drain S               seconds to wait for outstanding acks and broadcasts after the run (default 10)
          --max-runtime S         hard limit for the whole run, setup included (default 900)
          --server-pid PID        server process to sample in /proc (CPU time, RSS); repeat for several nodes
          --label TEXT            free text copied into the result line
          --tag KEY=VALUE         copied into the result's "tags" object (repeatable; run.sh records the case here)
          --seed N                random seed for item and song choices (default 1)

        Huddle.LoadGen --self-test checks the tool's own frame parsing, version rules and latency bookkeeping.
        """;

    public List<Uri> Urls { get; } = [];

    /// <summary>True: every participant of a session on the same node (the documented nginx affinity).</summary>
    public bool SpreadBySession { get; private set; }

    /// <summary>False (default): SkipNegotiation, straight to the WebSocket.</summary>
    public bool Negotiate { get; private set; }

    /// <summary>True: classroom sessions (questions and upvotes) instead of jams.</summary>
    public bool Classroom { get; private set; }

    public int Questions { get; private set; } = 1000;

    public int Sessions { get; private set; } = 10;

    public int Participants { get; private set; } = 10;

    public double Rate { get; private set; } = 100;

    public double DurationSeconds { get; private set; } = 20;

    public double WarmupSeconds { get; private set; } = 5;

    public string MixText { get; private set; } = "vote=90,add=5,remove=5";

    public (double Vote, double Add, double Remove) Mix { get; private set; } = (0.90, 0.05, 0.05);

    public int QueueSeed { get; private set; } = 25;

    public int MaxConnections { get; private set; } = 10_000;

    public int MaxInFlight { get; private set; } = 20_000;

    public int ConnectConcurrency { get; private set; } = 50;

    public double LateMs { get; private set; } = 10;

    public double DrainSeconds { get; private set; } = 10;

    public double MaxRuntimeSeconds { get; private set; } = 900;

    public List<int> ServerPids { get; } = [];

    public string Label { get; private set; } = "";

    public List<KeyValuePair<string, string>> Tags { get; } = [];

    public int Seed { get; private set; } = 1;

    public int Connections => Sessions * Participants;

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            switch (flag)
            {
                case "--url": o.Urls.Add(LoopbackUrl(Value())); break;
                case "--spread":
                    o.SpreadBySession = Value() switch
                    {
                        "session" => true,
                        "participant" => false,
                        var other => throw new ArgumentException($"--spread {other}: participant or session."),
                    };
                    break;
                case "--negotiate": o.Negotiate = true; break;
                case "--kind":
                    o.Classroom = Value() switch
                    {
                        "classroom" => true,
                        "jam" => false,
                        var other => throw new ArgumentException($"--kind {other}: jam or classroom."),
                    };
                    break;
                case "--questions": o.Questions = Int(flag, Value(), 1, 100_000); break;
                case "--sessions": o.Sessions = Int(flag, Value(), 1, 100_000); break;
                case "--participants": o.Participants = Int(flag, Value(), 2, 1000); break;
                case "--rate": o.Rate = Number(flag, Value(), 0.1, 1_000_000); break;
                case "--duration": o.DurationSeconds = Number(flag, Value(), 0.5, 3600); break;
                case "--warmup": o.WarmupSeconds = Number(flag, Value(), 0, 600); break;
                case "--mix": (o.MixText, o.Mix) = ParseMix(Value()); break;
                case "--queue": o.QueueSeed = Int(flag, Value(), 1, 500); break;
                case "--max-connections": o.MaxConnections = Int(flag, Value(), 1, 1_000_000); break;
                case "--max-in-flight": o.MaxInFlight = Int(flag, Value(), 1, 10_000_000); break;
                case "--connect-concurrency": o.ConnectConcurrency = Int(flag, Value(), 1, 10_000); break;
                case "--late-ms": o.LateMs = Number(flag, Value(), 0, 60_000); break;
                case "--drain": o.DrainSeconds = Number(flag, Value(), 0, 600); break;
                case "--max-runtime": o.MaxRuntimeSeconds = Number(flag, Value(), 1, 86_400); break;
                case "--server-pid": o.ServerPids.Add(Int(flag, Value(), 1, int.MaxValue)); break;
                case "--label": o.Label = Value(); break;
                case "--tag": o.Tags.Add(Tag(Value())); break;
                case "--seed": o.Seed = Int(flag, Value(), int.MinValue, int.MaxValue); break;
                default: throw new ArgumentException($"Unknown flag {flag}.");
            }
        }

        if (o.Urls.Count == 0) throw new ArgumentException("--url is required.");
        if (o.Connections > o.MaxConnections)
            throw new ArgumentException($"{o.Sessions} x {o.Participants} = {o.Connections} connections is above --max-connections {o.MaxConnections}.");
        return o;
    }

    /// <summary>This tool only ever talks to a server on this machine.</summary>
    private static Uri LoopbackUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--url {text}: an absolute http(s) URL is required.");
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback) throw new ArgumentException($"--url {text}: only loopback hosts (127.0.0.0/8, ::1, localhost) are allowed.");
        return uri;
    }

    private static (string, (double, double, double)) ParseMix(string text)
    {
        double vote = 0, add = 0, remove = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            var weight = kv.Length == 2 ? Number("--mix", kv[1], 0, 1e9) : throw new ArgumentException($"--mix: '{part}' is not name=weight.");
            switch (kv[0])
            {
                case "vote" or "upvote": vote = weight; break;
                case "add" or "ask": add = weight; break;
                case "remove": remove = weight; break;
                default: throw new ArgumentException($"--mix: unknown mutation '{kv[0]}' (vote, add, remove; classroom: upvote, ask).");
            }
        }

        var total = vote + add + remove;
        if (total <= 0) throw new ArgumentException("--mix: the weights add up to nothing.");
        return (text, (vote / total, add / total, remove / total));
    }

    private static KeyValuePair<string, string> Tag(string text) =>
        text.Split('=', 2) is [var key, var value] && key.Length > 0
            ? new(key, value)
            : throw new ArgumentException($"--tag {text}: KEY=VALUE expected.");

    private static int Int(string flag, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"{flag} must be an integer in {min}..{max}.");

    private static double Number(string flag, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new ArgumentException($"{flag} must be a number in {min}..{max}.");
}
