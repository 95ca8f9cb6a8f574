using Huddle.Core.Movies;
using Huddle.Server.Movies.Jellyfin;

namespace Huddle.Server.Movies;

/// <summary>
/// Every film a watch party can play, as the session checks a chosen id: the film folder's files, then
/// the Jellyfin server's films as last listed (ids of both have the same shape and cannot collide in practice:
/// different hashed inputs).
/// </summary>
public sealed class FilmSources(FilmFolder folder, JellyfinLibrary jellyfin) : IFilmLibrary
{
    public FilmInfo? Find(string id) =>
        folder.Find(id) ?? (jellyfin.Find(id) is { } film ? new FilmInfo(film.Id, film.Title) : null);
}
