using System.Globalization;
using Microsoft.Diagnostics.Runtime;

// Usage: Huddle.HeapStat PID [TOP]
// Prints the live managed heap of the process by type (bytes, count), grouped by owner, so a
// memory-per-connection figure can be split into the framework's share and Huddle's own.
if (args.Length == 0 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var pid))
{
    Console.Error.WriteLine("usage: Huddle.HeapStat PID [TOP]");
    return 2;
}

var top = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
using var target = DataTarget.AttachToProcess(pid, suspend: true);
var heap = target.ClrVersions[0].CreateRuntime().Heap;
var byType = new Dictionary<string, (long Count, long Bytes)>(StringComparer.Ordinal);
var byOwner = new Dictionary<string, long>(StringComparer.Ordinal);
long total = 0;
foreach (var obj in heap.EnumerateObjects())
{
    if (!obj.IsValid || obj.IsFree) continue;
    var name = obj.Type?.Name ?? "?";
    var bytes = (long)obj.Size;
    total += bytes;
    var seen = byType.GetValueOrDefault(name);
    byType[name] = (seen.Count + 1, seen.Bytes + bytes);
    var owner = Owner(name);
    byOwner[owner] = byOwner.GetValueOrDefault(owner) + bytes;
}

Console.WriteLine(FormattableString.Invariant($"live managed heap: {total / 1e6:F1} MB"));
Console.WriteLine("by owner:");
foreach (var (owner, bytes) in byOwner.OrderByDescending(kv => kv.Value))
    Console.WriteLine(FormattableString.Invariant($"{bytes / 1e6,9:F2} MB  {owner}"));
Console.WriteLine("by type:");
foreach (var (name, (count, bytes)) in byType.OrderByDescending(kv => kv.Value.Bytes).Take(top))
    Console.WriteLine(FormattableString.Invariant($"{bytes / 1e6,9:F2} MB {count,9}  {name}"));
return 0;

// Huddle's own types (or generics over them), ASP.NET Core (Kestrel, SignalR, hosting), or the runtime's.
static string Owner(string type) =>
    type.Contains("Huddle.", StringComparison.Ordinal) && !type.StartsWith("Microsoft.", StringComparison.Ordinal) && !type.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) ? "Huddle"
    : type.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) ? "ASP.NET Core (Kestrel, SignalR, hosting)"
    : type.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) ? "Microsoft.Extensions (logging, options)"
    : "runtime (strings, arrays, tasks, pipes, collections)";
