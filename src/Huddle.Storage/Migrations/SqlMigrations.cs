using System.Reflection;
using System.Text.RegularExpressions;

namespace Huddle.Storage.Migrations;

/// <summary>A versioned SQL script shipped in this assembly: Migrations/{Provider}/NNNN_name.sql.</summary>
public sealed record SqlMigration(int Version, string Name, string Sql);

public static partial class SqlMigrations
{
    public static IReadOnlyList<SqlMigration> For(string provider)
    {
        var assembly = typeof(SqlMigrations).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    private static SqlMigration Read(Assembly assembly, string resource, string fileName)
    {
        var match = FileName().Match(fileName);
        if (!match.Success) throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_name.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new SqlMigration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^_?(\d{4})_(\w+)$")]
    private static partial Regex FileName();
}
