namespace Huddle.Server.Movies;

/// <summary>
/// A small in-memory cache of TMDB answers: entries expire after <see cref="TmdbOptions.CacheDuration"/>
/// (on the injected clock, so tests control it) and the least recently used entry is evicted at
/// <see cref="TmdbOptions.CacheSizeLimit"/>. Keys are request paths with their query, never the API key.
/// </summary>
public sealed class TmdbResponseCache(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    public bool TryGet<T>(string key, out T value)
        where T : class
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.ExpiresAt > time.GetUtcNow() && node.Value.Value is T hit)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = hit;
                    return true;
                }

                Remove(node);
            }
        }

        value = null!;
        return false;
    }

    public void Set(string key, object value, TimeSpan duration, int sizeLimit)
    {
        if (duration <= TimeSpan.Zero) return;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing)) Remove(existing);
            while (_entries.Count >= Math.Max(1, sizeLimit) && _recency.Last is { } oldest) Remove(oldest);
            _entries[key] = _recency.AddFirst(new Entry(key, value, time.GetUtcNow() + duration));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recency.Clear();
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
    }

    private sealed record Entry(string Key, object Value, DateTimeOffset ExpiresAt);
}
