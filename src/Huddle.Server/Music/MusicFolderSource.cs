using System.Threading.Channels;
using Huddle.Core;
using Huddle.Core.Catalog;
using Huddle.Server.Options;

namespace Huddle.Server.Music;

/// <summary>
/// The music folder as a song source. At start it publishes the songs indexed in the database (so a
/// restart reads no unchanged file), then rescans in the background: once at start, after changes
/// the file watcher noticed (debounced by <see cref="MusicOptions.RescanDelay"/>) and every
/// <see cref="MusicOptions.RescanInterval"/> as a safety net (watchers miss events: network
/// shares, inotify limits, overflows). A rescan reads tags only of files whose size or time changed.
/// The folder is only ever read. A file that cannot be read or parsed costs a log line, never the server.
/// </summary>
public sealed partial class MusicFolderSource(
    MusicFolderChoice choice, IMusicIndex index, MusicOptions options, TimeProvider time, ILogger<MusicFolderSource> log)
    : BackgroundService, ISongSource
{
    /// <summary>Deeper than any real music library; a bound on symlink tricks the loop check does not see.</summary>
    private const int MaxDepth = 32;

    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<string, MusicFileRow> _rows = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;

    public MusicFolderChoice Choice => choice;

    public IReadOnlyList<Song> Songs { get; private set; } = [];

    public event Action? Changed;

    private long _scannedAt; // Unix ms, 0 before the first scan; written by the scan loop, read by requests

    /// <summary>When the latest scan ended (also a failed one), null before the first.</summary>
    public DateTimeOffset? ScannedAt => Interlocked.Read(ref _scannedAt) is > 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public SongCover? ReadCover(Song song) =>
        song.AudioPath is null ? null : MusicTags.ReadCover(song.AudioPath, options.MaxCoverBytes);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (choice.Folder is { } folder)
        {
            LogFolder(folder, choice.Origin);
            try
            {
                _rows = (await index.LoadAsync(folder, cancellationToken)).ToDictionary(r => r.Path, StringComparer.Ordinal);
                Publish();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(e, folder); // the first rescan reads the folder instead
            }
        }
        else
        {
            LogNoFolder();
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (choice.Folder is not { } folder) return;
        Watch(folder);
        await Task.Yield(); // the first scan reads every new file: never on the start path
        while (!stoppingToken.IsCancellationRequested)
        {
            await ScanAsync(folder, stoppingToken);
            try
            {
                await WaitForChangeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _watcher?.Dispose();
        base.Dispose();
    }

    /// <summary>Until the watcher noticed a change and the folder was quiet for RescanDelay, or the sweep interval passed.</summary>
    private async Task WaitForChangeAsync(CancellationToken ct)
    {
        using var sweep = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var changed = _changes.Reader.WaitToReadAsync(sweep.Token).AsTask();
        var due = Task.Delay(options.RescanInterval, time, sweep.Token);
        var first = await Task.WhenAny(changed, due);
        await sweep.CancelAsync();
        ct.ThrowIfCancellationRequested();
        if (first != changed) return;
        // Debounce: rescan once the changes stop (copying an album is one rescan, not one per file).
        while (_changes.Reader.TryRead(out _))
            await Task.Delay(options.RescanDelay, time, ct);
    }

    private void Watch(string folder)
    {
        try
        {
            _watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler poke = (_, _) => _changes.Writer.TryWrite(true);
            _watcher.Created += poke;
            _watcher.Changed += poke;
            _watcher.Deleted += poke;
            _watcher.Renamed += (_, _) => _changes.Writer.TryWrite(true);
            _watcher.Error += (_, e) =>
            {
                LogWatcherFailed(e.GetException(), folder);
                _changes.Writer.TryWrite(true); // events were lost: look at everything
            };
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // e.g. the inotify watch limit: the periodic sweep still finds every change, later.
            LogWatcherFailed(e, folder);
        }
    }

    /// <summary>Indexes new and changed files, drops removed ones, saves the difference and publishes the songs.</summary>
    private async Task ScanAsync(string folder, CancellationToken ct)
    {
        try
        {
            if (!Directory.Exists(folder))
            {
                // An unmounted share is not an empty library: keep the index until the folder is back.
                LogFolderMissing(folder);
                return;
            }

            var (changed, removed) = await Task.Run(() => Compare(folder, ct), ct);
            await index.SaveAsync(folder, changed, removed, ct);
            var rows = new Dictionary<string, MusicFileRow>(_rows, StringComparer.Ordinal);
            foreach (var path in removed) rows.Remove(path);
            foreach (var row in changed) rows[row.Path] = row;
            _rows = rows;
            if (changed.Count > 0 || removed.Count > 0 || ScannedAt is null) Publish();
            LogScanned(folder, rows.Count, changed.Count, removed.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogScanFailed(e, folder);
        }
        finally
        {
            Interlocked.Exchange(ref _scannedAt, Math.Max(1, time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
    }

    private (List<MusicFileRow> Changed, List<string> Removed) Compare(string folder, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<MusicFileRow>();
        foreach (var file in Walk(folder))
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.GetRelativePath(folder, file.FullName);
            try
            {
                var modified = new DateTimeOffset(file.LastWriteTimeUtc).ToUnixTimeMilliseconds();
                if (_rows.TryGetValue(path, out var known) && known.Size == file.Length && known.ModifiedAt == modified)
                {
                    seen.Add(path);
                    continue;
                }

                var row = MusicTags.Read(file, path, options.MaxCoverBytes, out var failure);
                if (failure is not null) LogTagsUnreadable(path, failure);
                changed.Add(row);
                seen.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogFileSkipped(path, e.Message); // unreadable (permissions, vanished): not playable, so not listed
            }
        }

        return (changed, _rows.Keys.Where(p => !seen.Contains(p)).ToList());
    }

    /// <summary>
    /// Audio files under the folder. Symlinked folders are followed once: a folder whose real path was
    /// already walked (a link back up the tree) is skipped, so a symlink loop ends.
    /// </summary>
    private IEnumerable<FileInfo> Walk(string folder)
    {
        var walked = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(DirectoryInfo Dir, int Depth)>();
        pending.Push((new DirectoryInfo(folder), 0));
        while (pending.TryPop(out var next))
        {
            var (dir, depth) = next;
            List<FileSystemInfo> entries;
            try
            {
                var real = dir.LinkTarget is null ? dir.FullName : dir.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (real is null || !walked.Add(Path.TrimEndingDirectorySeparator(real)))
                {
                    LogFileSkipped(Path.GetRelativePath(folder, dir.FullName), "a symlink loop or a dangling link");
                    continue;
                }

                entries = dir.EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                LogFileSkipped(Path.GetRelativePath(folder, dir.FullName), e.Message);
                continue;
            }

            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry is DirectoryInfo sub)
                {
                    if (depth < MaxDepth) pending.Push((sub, depth + 1));
                }
                else if (entry is FileInfo file && MusicTags.ContentTypes.ContainsKey(file.Extension))
                {
                    yield return file;
                }
            }
        }
    }

    private void Publish()
    {
        var folder = choice.Folder!;
        Songs = _rows.Values
            .OrderBy(r => r.Path, StringComparer.Ordinal)
            .Select(r => new Song(MusicTags.SongId(r.Path), r.Title, r.Artist, r.Album, r.Year, r.Genre, r.DurationSeconds,
                Path.Combine(folder, r.Path), r.Track, r.CoverTag))
            .ToList();
        Changed?.Invoke();
    }

    [LoggerMessage(EventId = Log.MusicFolderInUse, Level = LogLevel.Information, Message = "Music folder: {Folder} ({Origin}), read-only")]
    private partial void LogFolder(string folder, string origin);

    [LoggerMessage(EventId = Log.NoMusicFolder, Level = LogLevel.Information,
        Message = "No music folder: jam songs are catalog entries without audio. Set Huddle:Music:Folder or create ~/Music.")]
    private partial void LogNoFolder();

    [LoggerMessage(EventId = Log.MusicFolderScanned, Level = LogLevel.Information, Message = "Music folder {Folder} scanned: {Songs} songs, {Changed} read, {Removed} removed")]
    private partial void LogScanned(string folder, int songs, int changed, int removed);

    [LoggerMessage(EventId = Log.MusicTagsUnreadable, Level = LogLevel.Warning, Message = "Music file {Path}: tags unreadable, named by its file name ({Failure})")]
    private partial void LogTagsUnreadable(string path, string failure);

    [LoggerMessage(EventId = Log.MusicEntrySkipped, Level = LogLevel.Warning, Message = "Music folder entry {Path} skipped: {Reason}")]
    private partial void LogFileSkipped(string path, string reason);

    [LoggerMessage(EventId = Log.MusicFolderMissing, Level = LogLevel.Warning, Message = "Music folder {Folder} is not there; the index is kept until it is back")]
    private partial void LogFolderMissing(string folder);

    [LoggerMessage(EventId = Log.MusicFolderNotWatched, Level = LogLevel.Warning, Message = "Music folder {Folder}: not watching for changes, the periodic rescan still runs")]
    private partial void LogWatcherFailed(Exception e, string folder);

    [LoggerMessage(EventId = Log.MusicScanFailed, Level = LogLevel.Error, Message = "Music folder {Folder}: scan failed")]
    private partial void LogScanFailed(Exception e, string folder);
}
