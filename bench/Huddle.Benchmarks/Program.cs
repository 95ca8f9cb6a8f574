using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Huddle.Benchmarks;

// `--sizes` prints the frame sizes the payload benchmarks produce (they explain the load test's bandwidth).
if (args.Contains("--sizes"))
{
    foreach (var participants in new[] { 10, 1000 })
    {
        var session = Jam.Create(participants, queued: 50, played: 20, Jam.Catalog(1000));
        Console.WriteLine($"participants={participants}: queueUpdated(50 items) {PayloadBenchmarks.QueueUpdatedFrame(session).Length} B, " +
                          $"snapshot {PayloadBenchmarks.SnapshotFrame(session, participants).Length} B");
    }

    return;
}

// `--classroom-deltas` prints the bytes per classroom change and upvote with 1,000 questions, lists against deltas (docs/benchmarks.md).
if (args.Contains("--classroom-deltas"))
{
    ClassroomDeltas.Run();
    return;
}

// `--music-index [N]` times the music folder's indexing of N files (docs/benchmarks.md).
if (args is ["--music-index", ..])
{
    await MusicIndexBench.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return;
}

// In-process (no generated project to build: quick on two cores) and short by default; any
// BenchmarkDotNet flag still works, e.g. --filter '*Storage*' or --job medium.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(6).WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(Jam).Assembly).Run(args, config);
