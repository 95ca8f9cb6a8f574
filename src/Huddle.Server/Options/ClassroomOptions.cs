using Huddle.Core;
using Huddle.Core.Sessions;

namespace Huddle.Server.Options;

/// <summary>
/// <c>Huddle:Classroom</c>: what a new classroom starts with. <c>DefaultBlockedWords</c> is the word
/// filter's list for every new Q&amp;A (words separated by commas or white space; the host may untick it
/// at creation, and edit or clear it later); an empty string turns the default off. One string rather
/// than a JSON array: .NET configuration cannot override an array with an empty one, so "" is the
/// only reliable "off" for an operator.
/// </summary>
public sealed class ClassroomOptions
{
    /// <summary>A short list of common English profanity and slurs (the same as appsettings.json ships).</summary>
    public const string ShippedBlockedWords =
        "fuck, fucking, fucker, motherfucker, shit, bullshit, bitch, cunt, asshole, dickhead, wanker, twat, " +
        "slut, whore, faggot, fag, retard, nigger, nigga, kike, spic, chink";

    public string DefaultBlockedWords { get; set; } = ShippedBlockedWords;

    /// <summary>The default list, checked by the host's rules (<see cref="WordFilter.ValidList"/>); empty when off.</summary>
    public IReadOnlyList<string> Words() =>
        WordFilter.ValidList(DefaultBlockedWords.Split([',', ';', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    public IEnumerable<string> Validate()
    {
        string? problem = null;
        try
        {
            Words();
        }
        catch (HuddleException e)
        {
            problem = $"DefaultBlockedWords: {e.Message}";
        }

        return problem is null ? [] : [problem];
    }
}
