using System.Security.Cryptography;
using System.Text;
using Huddle.Core;
using Microsoft.Data.Sqlite;

namespace Huddle.Server.Coaching;

/// <summary>
/// The JWT signing key of a single (SQLite) node when the operator set none: made on first start
/// and kept in the data folder, beside the database, readable by the service account only (0600).
/// Several nodes (PostgreSQL) cannot share a file, so there the key must be configured.
/// </summary>
public static partial class SigningKeyFile
{
    public const string FileName = "jwt-signing-key";

    /// <summary>The key stored beside the database of <paramref name="sqliteConnectionString"/>, created if absent.</summary>
    public static string LoadOrCreate(string sqliteConnectionString, ILogger log)
    {
        var path = PathFor(sqliteConnectionString);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options)) file.Write(Encoding.ASCII.GetBytes(key));
        try
        {
            // Complete or absent, never half-written: a second process starting at the same moment reads the winner's key.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path).Trim();
        }

        LogCreated(log, path);
        return key;
    }

    /// <summary>The key file's path: the database's folder (relative paths follow the working directory, as SQLite's do).</summary>
    public static string PathFor(string sqliteConnectionString)
    {
        var database = new SqliteConnectionStringBuilder(sqliteConnectionString).DataSource;
        if (string.IsNullOrEmpty(database) || database == ":memory:" || database.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Jwt: SigningKey is not set and the SQLite database has no folder to keep a generated one in; set Jwt__SigningKey.");
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, FileName);
    }

    [LoggerMessage(EventId = Log.SigningKeyGenerated, Level = LogLevel.Warning, Message = "Jwt:SigningKey is not set: generated one and stored it in {Path} (owner-only). Keep that file with the database; deleting it signs everyone out.")]
    private static partial void LogCreated(ILogger log, string path);
}
