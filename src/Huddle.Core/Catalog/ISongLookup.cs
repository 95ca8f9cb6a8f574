namespace Huddle.Core.Catalog;

/// <summary>
/// Songs found one by one rather than listed: tracks a streaming service's search returned (Spotify).
/// <see cref="SongCatalog.Get"/> asks the lookups after the listed sources, so such a track can be
/// queued by id, while the library listing, its genres and the recommender see only listed songs.
/// </summary>
public interface ISongLookup
{
    /// <summary>The song with this id, or null when this lookup does not know it.</summary>
    Song? Find(string id);
}
