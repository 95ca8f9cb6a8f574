using System.Diagnostics;

namespace Huddle.Server.Tests.Music;

/// <summary>
/// Real audio files made by Debian's tools (sox, ffmpeg, id3v2, metaflac, vorbiscomment; .ci/run
/// installs them): each format tagged the way its own tools tag it, so the tests read what users have.
/// </summary>
public static class MusicFiles
{
    public sealed record Tags(string Title, string Artist, string Album, int Year, string Genre, int Track);

    /// <summary>A tagged three-second tone; <paramref name="cover"/> embeds a JPEG (MP3 and FLAC).</summary>
    public static async Task WriteAsync(string path, Tags? tags, bool cover = false, double seconds = 3)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var tone = $"sine=frequency=440:duration={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        switch (ext)
        {
            case ".mp3":
                var jpeg = cover ? await CoverAsync(Path.GetDirectoryName(path)!) : null;
                await RunAsync("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", tone,
                    .. jpeg is null ? Array.Empty<string>() : ["-i", jpeg, "-map", "0", "-map", "1", "-c:v", "copy", "-metadata:s:v", "comment=Cover (front)"],
                    "-c:a", "libmp3lame", "-id3v2_version", "3", path]);
                if (jpeg is not null) File.Delete(jpeg);
                if (tags is not null)
                    await RunAsync("id3v2", ["-t", tags.Title, "-a", tags.Artist, "-A", tags.Album, "-y", $"{tags.Year}", "-T", $"{tags.Track}", "-g", tags.Genre, path]);
                break;
            case ".flac":
                await RunAsync("sox", ["-n", "-r", "8000", "-c", "1", path, "synth", $"{seconds}", "sine", "440"]);
                if (tags is not null)
                    await RunAsync("metaflac", [$"--set-tag=TITLE={tags.Title}", $"--set-tag=ARTIST={tags.Artist}", $"--set-tag=ALBUM={tags.Album}",
                        $"--set-tag=DATE={tags.Year}", $"--set-tag=GENRE={tags.Genre}", $"--set-tag=TRACKNUMBER={tags.Track}", path]);
                if (cover)
                {
                    var picture = await CoverAsync(Path.GetDirectoryName(path)!);
                    await RunAsync("metaflac", [$"--import-picture-from={picture}", path]);
                    File.Delete(picture);
                }

                break;
            case ".ogg":
                await RunAsync("sox", ["-n", "-r", "8000", "-c", "1", path, "synth", $"{seconds}", "sine", "440"]);
                if (tags is not null)
                    await RunAsync("vorbiscomment", ["-w", "-t", $"TITLE={tags.Title}", "-t", $"ARTIST={tags.Artist}", "-t", $"ALBUM={tags.Album}",
                        "-t", $"DATE={tags.Year}", "-t", $"GENRE={tags.Genre}", "-t", $"TRACKNUMBER={tags.Track}", path]);
                break;
            case ".opus" or ".m4a":
                await RunAsync("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", tone,
                    .. tags is null ? Array.Empty<string>() : ["-metadata", $"title={tags.Title}", "-metadata", $"artist={tags.Artist}", "-metadata", $"album={tags.Album}",
                        "-metadata", $"date={tags.Year}", "-metadata", $"genre={tags.Genre}", "-metadata", $"track={tags.Track}"],
                    "-c:a", ext == ".opus" ? "libopus" : "aac", path]);
                break;
            case ".wav":
                await RunAsync("sox", ["-n", "-r", "8000", "-c", "1", path, "synth", $"{seconds}", "sine", "440"]);
                break;
            default:
                throw new ArgumentException($"No generator for {ext}.", nameof(path));
        }
    }

    /// <summary>A 16×16 red JPEG next to the audio file (deleted by the caller).</summary>
    public static async Task<string> CoverAsync(string folder)
    {
        var path = Path.Combine(folder, $"cover-{Guid.NewGuid():N}.jpg");
        await RunAsync("ffmpeg", ["-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=16x16:d=1", "-frames:v", "1", path]);
        return path;
    }

    public static async Task RunAsync(string tool, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {await stderr}");
    }
}
