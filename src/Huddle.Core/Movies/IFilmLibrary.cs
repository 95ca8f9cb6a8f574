namespace Huddle.Core.Movies;

/// <summary>A film file a watch party can play: found by id (a hash of its path), never by path.</summary>
public sealed record FilmInfo(string Id, string Title);

/// <summary>The server's film folder as the session sees it: does a file id exist, and what is it called.</summary>
public interface IFilmLibrary
{
    FilmInfo? Find(string id);
}
