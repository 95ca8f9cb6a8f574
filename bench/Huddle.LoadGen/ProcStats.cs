using System.Globalization;
using System.Runtime.InteropServices;

namespace Huddle.LoadGen;

/// <summary>CPU time and memory of a process, read from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status.</summary>
internal sealed record ProcSample(double CpuSeconds, long RssKb, long PeakRssKb)
{
    private const int ScClkTck = 2;
    private static readonly double TicksPerSecond = ClockTicks();

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
