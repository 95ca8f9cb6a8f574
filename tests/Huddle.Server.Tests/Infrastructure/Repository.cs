namespace Huddle.Server.Tests.Infrastructure;

/// <summary>The checkout the tests run from, for tests that read its files (docs, scripts, sources).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Huddle.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException("Huddle.slnx not found above the test folder.");
    }
}
