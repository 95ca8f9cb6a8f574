using BenchmarkDotNet.Attributes;
using Huddle.Core.Catalog;
using Huddle.Core.Sessions;

namespace Huddle.Benchmarks;

/// <summary>GetRecommendations over a 10,000-song library (the embedded one has 333).</summary>
[MemoryDiagnoser]
public class RecommendationBenchmarks
{
    private SongCatalog _catalog = null!;
    private Session _session = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = Jam.Catalog(10_000);
        _session = Jam.Create(participants: 10, queued: 50, played: 50, _catalog);
    }

    [Benchmark(Description = "recommend top 10 of 10,000 songs")]
    public int Recommend() => Recommender.Recommend(_session, _catalog, 10, seed: 42).Count;
}
