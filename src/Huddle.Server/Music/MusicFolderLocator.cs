namespace Huddle.Server.Music;

/// <summary>Which folder the library indexes, and why: shown in the log and to hosts.</summary>
public sealed record MusicFolderChoice(string? Folder, string Origin)
{
    public static readonly MusicFolderChoice None = new(null, "none");
}

/// <summary>
/// Picks the music folder: <c>Huddle:Music:Folder</c> when set; otherwise, unless
/// <c>UseDefaultFolder</c> is off, the user's music folder when it exists — <c>$XDG_MUSIC_DIR</c>,
/// then <c>XDG_MUSIC_DIR</c> in <c>$XDG_CONFIG_HOME/user-dirs.dirs</c> (default <c>~/.config</c>),
/// then <c>~/Music</c>. The environment is passed in, so the choice can be tested without changing the process's.
/// </summary>
public static class MusicFolderLocator
{
    public static MusicFolderChoice Locate(Options.MusicOptions options, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(options.Folder)) return new(Path.GetFullPath(options.Folder), "configured");
        if (!options.UseDefaultFolder) return MusicFolderChoice.None;

        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home) || !Path.IsPathRooted(home)) return MusicFolderChoice.None;
        var candidates = new (string? Path, string Origin)[]
        {
            (Expand(environment("XDG_MUSIC_DIR"), home), "XDG_MUSIC_DIR"),
            (Expand(FromUserDirs(environment("XDG_CONFIG_HOME") is { Length: > 0 } config && Path.IsPathRooted(config)
                ? config : Path.Combine(home, ".config")), home), "user-dirs.dirs"),
            (Path.Combine(home, "Music"), "~/Music"),
        };
        foreach (var (path, origin) in candidates)
        {
            // xdg-user-dirs sets a folder the user does not want to HOME itself: not a music folder.
            if (path is null || Path.TrimEndingDirectorySeparator(path) == Path.TrimEndingDirectorySeparator(home)) continue;
            if (Directory.Exists(path)) return new(Path.GetFullPath(path), origin);
        }

        return MusicFolderChoice.None;
    }

    /// <summary>The XDG_MUSIC_DIR line of user-dirs.dirs (<c>XDG_MUSIC_DIR="$HOME/Music"</c>), or null.</summary>
    private static string? FromUserDirs(string configHome)
    {
        var file = Path.Combine(configHome, "user-dirs.dirs");
        try
        {
            if (!File.Exists(file) || new FileInfo(file).Length > 64 * 1024) return null;
            foreach (var line in File.ReadLines(file))
            {
                var trimmed = line.Trim();
                if (!trimmed.StartsWith("XDG_MUSIC_DIR=", StringComparison.Ordinal)) continue;
                return trimmed["XDG_MUSIC_DIR=".Length..].Trim('"');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable config file means "not configured": fall through to ~/Music.
        }

        return null;
    }

    /// <summary>Expands a leading $HOME (the only variable user-dirs.dirs allows); only absolute results count.</summary>
    private static string? Expand(string? path, string home)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        if (path == "$HOME" || path.StartsWith("$HOME/", StringComparison.Ordinal)) path = home + path[5..];
        return Path.IsPathRooted(path) ? path : null;
    }

    /// <summary>The folder as shown to hosts: under the home folder as "~/…", so the account name is not on every screen.</summary>
    public static string Display(string folder, string? home) =>
        !string.IsNullOrEmpty(home) && folder.StartsWith(Path.TrimEndingDirectorySeparator(home) + "/", StringComparison.Ordinal)
            ? "~" + folder[Path.TrimEndingDirectorySeparator(home).Length..]
            : folder;
}
