namespace Huddle.Core.Catalog;

/// <summary>
/// One indexed music file: where it is (relative to the folder), the size and modification time it
/// had when its tags were read, and those tags. A file whose size and time still match is not read again.
/// </summary>
public sealed record MusicFileRow(
    string Path,
    long Size,
    long ModifiedAt,
    string Title,
    string Artist,
    string Album,
    int Year,
    string Genre,
    int DurationSeconds,
    int Track,
    string? CoverTag);

/// <summary>The music folder's index in the database, so a restart does not re-read unchanged files.</summary>
public interface IMusicIndex
{
    /// <summary>Every file indexed under <paramref name="root"/> (the folder's full path).</summary>
    Task<IReadOnlyList<MusicFileRow>> LoadAsync(string root, CancellationToken ct);

    /// <summary>Inserts or replaces <paramref name="changed"/> and deletes <paramref name="removed"/> (paths), in one transaction.</summary>
    Task SaveAsync(string root, IReadOnlyList<MusicFileRow> changed, IReadOnlyList<string> removed, CancellationToken ct);
}
