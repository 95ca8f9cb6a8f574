using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Huddle.Server.Observability;

/// <summary>
/// A small Prometheus text-format (0.0.4) exporter over <see cref="MeterListener"/>: the instruments of
/// Huddle's own meter, and those .NET and its libraries publish themselves: ASP.NET Core's request
/// durations by route, HttpClient's, the runtime's (GC, heap, thread pool, exceptions) and Npgsql's.
/// Counters get <c>_total</c>, up-down counters and observable values are gauges, histograms get
/// <c>_bucket{le=…}</c>, <c>_sum</c>, <c>_count</c>. Measurements are aggregated as they happen,
/// lock-free; a scrape reads the cells and asks the observable instruments for their current values.
/// Why not a package: the OpenTelemetry Prometheus exporter is served only as a beta, and
/// prometheus-net keeps a registry of its own beside the meters OTLP already reads; this file reads
/// the same meters OTLP does, and bounds every label set (see <see cref="BuiltInLabels"/>).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Series> _series = new();
    private readonly Meter _meter;

    public PrometheusExporter(HuddleMetrics metrics, IMeterFactory meters)
    {
        _meter = metrics.Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            var own = ReferenceEquals(instrument.Meter, _meter);
            // A meter made by a DI container's factory (ASP.NET Core's) belongs to that app: only this
            // one's counts here (tests run several servers in one process). Process-wide ones have no scope.
            if (!own && (!BuiltInMeters.Contains(instrument.Meter.Name)
                         || instrument.Meter.Scope is not null && !ReferenceEquals(instrument.Meter.Scope, meters))) return;
            var series = _series.GetOrAdd(instrument, i => new Series(i, own ? null : BuiltInLabels));
            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Series)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Series)state!).Add(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Series)state!).Add(value, tags));
        _listener.Start();
    }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The meters .NET and the libraries Huddle uses publish on their own.</summary>
    private static readonly HashSet<string> BuiltInMeters = new(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Hosting", "System.Net.Http", "System.Runtime", "Npgsql",
    };

    /// <summary>
    /// The labels kept from those meters: enough to tell routes, methods, statuses, GC generations and
    /// pool states apart, and nothing unbounded (client addresses, URLs, connection strings).
    /// </summary>
    private static readonly HashSet<string> BuiltInLabels = new(StringComparer.Ordinal)
    {
        "http.route", "http.request.method", "http.response.status_code",
        "gc.heap.generation", "db.client.connection.state", "error.type",
    };

    /// <summary>Current totals of one instrument by its Huddle name, summed over tags (for the admin page).</summary>
    public double Total(string instrumentName)
    {
        _listener.RecordObservableInstruments();
        return _series.Values.Where(s => s.Instrument.Name == instrumentName).Sum(s => s.Total());
    }

    /// <summary>How many measurements an instrument has seen (a histogram's count).</summary>
    public long Count(string instrumentName) =>
        _series.Values.Where(s => s.Instrument.Name == instrumentName).Sum(s => s.Cells.Sum(c => c.Value.Count));

    /// <summary>Current value of one instrument split by one tag.</summary>
    public IReadOnlyDictionary<string, double> ByTag(string instrumentName, string tag)
    {
        _listener.RecordObservableInstruments();
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in _series.Values.Where(s => s.Instrument.Name == instrumentName))
        {
            foreach (var (key, cell) in s.Cells)
            {
                var value = key.Get(tag) ?? "";
                result[value] = result.GetValueOrDefault(value) + cell.Value;
            }
        }

        return result;
    }

    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _series.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal)) series.Write(text);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>A metric name in Prometheus style: dots to underscores, the unit as a suffix.</summary>
    public static string NameOf(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_').Replace('-', '_');
        if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal)) name += "_seconds";
        return name;
    }

    /// <summary>Up to three tags, compared without allocating (tag values are strings or boxed values).</summary>
    internal readonly record struct TagKey(string? K1, object? V1, string? K2, object? V2, string? K3, object? V3)
    {
        /// <summary>The first three tags whose keys <paramref name="kept"/> lists (all tags when null).</summary>
        public static TagKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags, HashSet<string>? kept)
        {
            if (kept is null) return From(tags);
            KeyValuePair<string, object?> a = default, b = default, c = default;
            var n = 0;
            foreach (var tag in tags)
            {
                if (!kept.Contains(tag.Key)) continue;
                if (n == 0) a = tag;
                else if (n == 1) b = tag;
                else if (n == 2) c = tag;
                else break;
                n++;
            }

            return new(n > 0 ? a.Key : null, a.Value, n > 1 ? b.Key : null, b.Value, n > 2 ? c.Key : null, c.Value);
        }

        public static TagKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
        {
            0 => default,
            1 => new(tags[0].Key, tags[0].Value, null, null, null, null),
            2 => new(tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, null, null),
            _ => new(tags[0].Key, tags[0].Value, tags[1].Key, tags[1].Value, tags[2].Key, tags[2].Value),
        };

        public string? Get(string key) =>
            K1 == key ? Text(V1) : K2 == key ? Text(V2) : K3 == key ? Text(V3) : null;

        public string Labels(string? extraKey = null, string? extraValue = null)
        {
            var parts = new List<string>(4);
            foreach (var (k, v) in new[] { (K1, V1), (K2, V2), (K3, V3) })
            {
                if (k is not null) parts.Add($"{k.Replace('.', '_')}=\"{Escape(Text(v))}\"");
            }

            if (extraKey is not null) parts.Add($"{extraKey}=\"{extraValue}\"");
            return parts.Count == 0 ? "" : "{" + string.Join(',', parts) + "}";
        }

        private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

        private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    internal sealed class Cell(double[]? bounds)
    {
        private long _bits; // the double value (sum for histograms), as bits for Interlocked
        private long _count;

        public long[]? Buckets { get; } = bounds is null ? null : new long[bounds.Length + 1];

        public double Value => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _bits));

        public long Count => Interlocked.Read(ref _count);

        public void Add(double value)
        {
            long seen, next;
            do
            {
                seen = Interlocked.Read(ref _bits);
                next = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(seen) + value);
            }
            while (Interlocked.CompareExchange(ref _bits, next, seen) != seen);
            Interlocked.Increment(ref _count);
        }

        public void Set(double value) => Interlocked.Exchange(ref _bits, BitConverter.DoubleToInt64Bits(value));

        public void Observe(double value, double[] bounds)
        {
            var i = 0;
            while (i < bounds.Length && value > bounds[i]) i++;
            Interlocked.Increment(ref Buckets![i]);
            Add(value);
        }
    }

    internal sealed class Series(Instrument instrument, HashSet<string>? keptLabels = null)
    {
        private readonly ConcurrentDictionary<TagKey, Cell> _cells = new();
        private readonly double[]? _bounds = instrument is Histogram<double> h
            ? h.Advice?.HistogramBucketBoundaries?.ToArray() ?? HuddleMetrics.LatencyBuckets
            : null;

        public Instrument Instrument { get; } = instrument;

        public IEnumerable<KeyValuePair<TagKey, Cell>> Cells => _cells;

        // An observable instrument reports its current value (a total, for observable counters): set, not added.
        private bool IsObserved => Instrument.IsObservable;

        private string Kind => _bounds is not null ? "histogram"
            : Instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal)
              || Instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) ? "counter" : "gauge";

        public void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = TagKey.From(tags, keptLabels);
            if (!_cells.TryGetValue(key, out var cell)) cell = _cells.GetOrAdd(key, _ => new Cell(_bounds));
            if (_bounds is not null) cell.Observe(value, _bounds);
            else if (IsObserved) cell.Set(value);
            else cell.Add(value);
        }

        public double Total() => _cells.Values.Sum(c => c.Value);

        public void Write(StringBuilder text)
        {
            var name = NameOf(Instrument);
            var kind = Kind;
            if (kind == "counter") name += "_total";
            var help = (Instrument.Description ?? Instrument.Name).Replace("\n", " ", StringComparison.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {kind}\n");
            if (_cells.IsEmpty && _bounds is null && !Instrument.GetType().Name.StartsWith("Observable", StringComparison.Ordinal))
                text.Append(CultureInfo.InvariantCulture, $"{name} 0\n"); // nothing yet: say so, rather than no sample
            foreach (var (key, cell) in _cells.OrderBy(c => c.Key.Labels(), StringComparer.Ordinal))
            {
                if (_bounds is null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}{key.Labels()} {Number(cell.Value)}\n");
                    continue;
                }

                long cumulative = 0;
                for (var i = 0; i <= _bounds.Length; i++)
                {
                    cumulative += Interlocked.Read(ref cell.Buckets![i]);
                    var le = i < _bounds.Length ? Number(_bounds[i]) : "+Inf";
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{key.Labels("le", le)} {cumulative}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{key.Labels()} {Number(cell.Value)}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{key.Labels()} {cell.Count}\n");
            }
        }

        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
