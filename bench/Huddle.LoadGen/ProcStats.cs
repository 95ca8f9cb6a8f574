using System.Globalization;
using System.Runtime.InteropServices;

namespace Huddle.LoadGen;

/// <summary>CPU time and memory of a process, read from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.</summary>
internal sealed record ProcSample(double CpuSeconds, long RssKb, long PeakRssKb)
{
    private const int ScClkTck = 2;
    public static readonly double TicksPerSecond = ClockTicks();

    /// <summary>Null when the process is gone or /proc is unreadable (not Linux).</summary>
    public static ProcSample? Read(int pid)
    {
        try
        {
            // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cpuTicks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
            }

            return new ProcSample(cpuTicks / TicksPerSecond, rss, peak);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static long Kb(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static double ClockTicks()
    {
        try
        {
            return OperatingSystem.IsLinux() ? Native.sysconf(ScClkTck) : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, CA1401 // A one-off call; no source-generated marshalling needed.
        public static extern long sysconf(int name);
#pragma warning restore SYSLIB1054, CA1401
    }
}

/// <summary>
/// CPU seconds of a process's threads, grouped by what the .NET runtime names them (JIT's tier-up
/// worker, GC, thread-pool workers, socket engine, …): a cheap answer to "where does the time go"
/// without a profiler. Threads that exit between two samples take their time with them.
/// </summary>
internal static class ThreadCpu
{
    /// <summary>CPU seconds so far of every live thread, by (pid, tid), with its kind.</summary>
    public static Dictionary<(int Pid, int Tid), (string Kind, double Seconds)> Read(IEnumerable<int> pids)
    {
        var threads = new Dictionary<(int, int), (string, double)>();
        foreach (var pid in pids)
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{pid}/task");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ProcSample.TicksPerSecond;
                    threads[(pid, int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture))] = (Kind(stat[(open + 1)..close]), seconds);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // The thread exited while we looked.
                }
            }
        }

        return threads;
    }

    /// <summary>
    /// CPU seconds per kind between two readings, counting only threads alive at the end (the
    /// runtime retires idle workers; their time shows as the gap to the process total).
    /// </summary>
    public static Dictionary<string, double> Delta(
        Dictionary<(int Pid, int Tid), (string Kind, double Seconds)> start, Dictionary<(int Pid, int Tid), (string Kind, double Seconds)> end)
    {
        var byKind = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, (kind, seconds)) in end)
        {
            var before = start.TryGetValue(id, out var s) ? s.Seconds : 0;
            byKind[kind] = byKind.GetValueOrDefault(kind) + seconds - before;
        }

        return byKind;
    }

    private static string Kind(string name) => name switch
    {
        _ when name.StartsWith(".NET Tiered", StringComparison.Ordinal) => "jit_tiering",
        _ when name.Contains("GC", StringComparison.Ordinal) => "gc",
        _ when name.StartsWith(".NET TP", StringComparison.Ordinal) => "threadpool",
        _ when name.StartsWith(".NET Sockets", StringComparison.Ordinal) => "socket_engine",
        _ when name.StartsWith(".NET Long", StringComparison.Ordinal) => "long_running",
        _ => "other",
    };
}

/// <summary>Whole-machine CPU from /proc/stat: how busy both cores were, and how much of it was I/O wait.</summary>
internal sealed record MachineSample(long Busy, long IoWait, long Total)
{
    public static MachineSample? Read()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            long user = v[0], nice = v[1], system = v[2], idle = v[3], iowait = v[4], irq = v[5], softirq = v[6], steal = v[7];
            return new MachineSample(user + nice + system + irq + softirq + steal, iowait, user + nice + system + idle + iowait + irq + softirq + steal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
