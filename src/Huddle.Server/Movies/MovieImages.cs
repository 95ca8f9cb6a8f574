using System.Globalization;
using Huddle.Core.Movies;
using Huddle.Server.Contracts;
using Huddle.Server.Http;
using Microsoft.Extensions.Options;

namespace Huddle.Server.Movies;

/// <summary>
/// Where posters and backdrops live and in which widths: TMDB's <c>/configuration</c> when a key is
/// set (cached like every TMDB answer), else TMDB's documented defaults, which is also what the
/// embedded catalog's poster paths use. Of TMDB's sizes only a few are offered, chosen so a phone
/// (a card about 45 % of a 400 px screen, at 2–3× density) and a desktop (a card of about 320 px, or a
/// full-width backdrop) each find one close to what they draw; the web app turns them into a srcset.
/// The base URL must stay on the image host the content security policy allows
/// (<see cref="TmdbImageOrigin"/>): a configuration pointing elsewhere is ignored for the default.
/// </summary>
public sealed class MovieImages(IOptions<TmdbOptions> options, TmdbMovieCatalog tmdbCatalog)
{
    /// <summary>TMDB's image host and its sizes as documented; the answer without a key or when TMDB fails.</summary>
    public const string DefaultBaseUrl = "https://image.tmdb.org/t/p/";

    private static readonly string[] DefaultPosterSizes = ["w92", "w154", "w185", "w342", "w500", "w780", "original"];
    private static readonly string[] DefaultBackdropSizes = ["w300", "w780", "w1280", "original"];
    private static readonly int[] PosterWidths = [185, 342, 500, 780];
    private static readonly int[] BackdropWidths = [780, 1280];

    public async Task<MovieImagesDto> GetAsync(CancellationToken ct)
    {
        var tmdb = options.Value;
        var fallback = Build(BaseUrlOf(tmdb), DefaultPosterSizes, DefaultBackdropSizes, "default");
        if (!tmdb.Enabled) return fallback;
        try
        {
            var config = await tmdbCatalog.GetImageConfigurationAsync(ct);
            var baseUrl = config.SecureBaseUrl is { } url && SameOrigin(url, fallback.BaseUrl) ? url : fallback.BaseUrl;
            var answer = Build(baseUrl, config.PosterSizes ?? [], config.BackdropSizes ?? [], "tmdb");
            return answer.PosterSizes.Count > 0 ? answer : fallback;
        }
        catch (MovieCatalogUnavailableException)
        {
            return fallback; // logged by the catalog; posters still work with TMDB's documented sizes
        }
    }

    /// <summary><c>ImageBaseUrl</c> names one size (…/t/p/w500): the base is the part before it.</summary>
    internal static string BaseUrlOf(TmdbOptions tmdb)
    {
        var url = tmdb.ImageBaseUrl.TrimEnd('/');
        var cut = url.LastIndexOf('/');
        var last = url[(cut + 1)..];
        return (IsSize(last) ? url[..cut] : url) + "/";
    }

    private static MovieImagesDto Build(string baseUrl, IEnumerable<string> posters, IEnumerable<string> backdrops, string source) =>
        new(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/", Pick(posters, PosterWidths), Pick(backdrops, BackdropWidths), source);

    private static List<ImageSizeDto> Pick(IEnumerable<string> offered, int[] wanted) =>
        offered.Select(s => (Name: s, Width: Width(s))).Where(s => s.Width is { } w && wanted.Contains(w))
            .Select(s => new ImageSizeDto(s.Name, s.Width!.Value)).OrderBy(s => s.Width).ToList();

    private static int? Width(string size) =>
        size.Length > 1 && size[0] == 'w' && int.TryParse(size.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : null;

    private static bool IsSize(string segment) => segment == "original" || Width(segment) is not null;

    private static bool SameOrigin(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y)
        && x.Scheme == Uri.UriSchemeHttps && string.Equals(x.GetLeftPart(UriPartial.Authority), y.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}

/// <summary>TMDB's image host, so the posters the catalogs name pass the content security policy (the offline catalog's too).</summary>
internal sealed class TmdbImageOrigin(IOptions<TmdbOptions> options) : IImageOrigin
{
    public string? Origin => Uri.TryCreate(options.Value.ImageBaseUrl, UriKind.Absolute, out var images)
        ? images.GetLeftPart(UriPartial.Authority)
        : null;
}
