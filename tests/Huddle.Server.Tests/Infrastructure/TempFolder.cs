namespace Huddle.Server.Tests.Infrastructure;

/// <summary>
/// A temp folder a test owns, deleted with everything in it when disposed. Declare it before the
/// server that uses it (`using var dir = …; await using var server = …`), so it goes after the server.
/// </summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory(prefix);

    public string FullName => _dir.FullName;

    public void Dispose() => _dir.Delete(recursive: true);
}
