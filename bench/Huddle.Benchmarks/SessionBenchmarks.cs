using BenchmarkDotNet.Attributes;
using Huddle.Core.Sessions;

namespace Huddle.Benchmarks;

/// <summary>The aggregate's share of a vote: decide (checks) and apply (which re-sorts the queue).</summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private Session _session = null!;
    private string[] _items = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _session = Jam.Create(participants: 10, queued: 50, played: 0, Jam.Catalog(1000));
        _items = [.. _session.Queue.Select(i => i.ItemId)];
    }

    [Benchmark(Description = "vote + reorder, 50-item queue")]
    public long VoteAndReorder()
    {
        // Alternate the voter's value so every call commits a change, as a real vote does.
        var item = _items[_next++ % _items.Length];
        var voter = Jam.Id(_next % 10);
        var value = _session.FindItem(item)!.VoteOf(voter) == 1 ? -1 : 1;
        var events = _session.Vote(voter, item, value);
        _session.Apply(new Commit(_session.Version + 1, 0, events));
        return _session.Version;
    }
}
