namespace Huddle.Core.Sessions;

/// <summary>Server-enforced limits (SPEC §2). Bound from configuration section <c>Huddle:Limits</c>.</summary>
public sealed class HuddleLimits
{
    public int NameMaxLength { get; set; } = 20;

    public int TitleMaxLength { get; set; } = 80;

    public int QuestionMaxLength { get; set; } = 500;

    public int QueueMaxSize { get; set; } = 50;

    public int RelayDataMaxBytes { get; set; } = 1024;

    public int HubMessageMaxBytes { get; set; } = 32 * 1024;

    public int ParticipantsPerSession { get; set; } = 50;

    public int ParticipantsHardMax { get; set; } = 1000;

    public int HistorySize { get; set; } = 50;

    /// <summary>A classroom's default participant cap (SPEC §2: a lecture hall).</summary>
    public int ClassroomParticipantsPerSession { get; set; } = 500;

    /// <summary>Active classroom sessions one host (by display name) may run at once (SPEC §3.3).</summary>
    public int ClassroomSessionsPerHost { get; set; } = 3;

    /// <summary>Questions one participant may ask per minute.</summary>
    public int QuestionsPerMinute { get; set; } = 5;

    /// <summary>Questions one classroom session may hold.</summary>
    public int QuestionsPerSession { get; set; } = 1000;

    /// <summary>The shared notes of a coaching room, in characters as a person counts them.</summary>
    public int NotesMaxLength { get; set; } = 10_000;

    /// <summary>Bytes of UTF-8 a user text may use per character of its limit (a 20-character name: 80 bytes).</summary>
    public int TextBytesPerCharacter { get; set; } = 4;

    /// <summary>Combining marks one character (grapheme) of a user text may carry.</summary>
    public int CombiningMarksPerCharacter { get; set; } = 4;

    /// <summary>The two settings above, as every text rule takes them.</summary>
    public TextLimits Text => new(TextBytesPerCharacter, CombiningMarksPerCharacter);

    public IEnumerable<string> Validate()
    {
        if (NameMaxLength is < 1 or > 100) yield return "NameMaxLength must be 1-100.";
        if (TitleMaxLength is < 1 or > 500) yield return "TitleMaxLength must be 1-500.";
        if (QuestionMaxLength is < 1 or > 5000) yield return "QuestionMaxLength must be 1-5000.";
        if (QueueMaxSize is < 1 or > 500) yield return "QueueMaxSize must be 1-500.";
        if (RelayDataMaxBytes is < 16 or > 64 * 1024) yield return "RelayDataMaxBytes must be 16-65536.";
        if (HubMessageMaxBytes is < 1024 or > 1024 * 1024) yield return "HubMessageMaxBytes must be 1024-1048576.";
        if (ParticipantsHardMax is < 2 or > 1000) yield return "ParticipantsHardMax must be 2-1000.";
        if (ParticipantsPerSession < 2 || ParticipantsPerSession > ParticipantsHardMax)
            yield return "ParticipantsPerSession must be between 2 and ParticipantsHardMax.";
        if (HistorySize is < 1 or > 500) yield return "HistorySize must be 1-500.";
        if (ClassroomParticipantsPerSession < 2 || ClassroomParticipantsPerSession > ParticipantsHardMax)
            yield return "ClassroomParticipantsPerSession must be between 2 and ParticipantsHardMax.";
        if (ClassroomSessionsPerHost is < 1 or > 100) yield return "ClassroomSessionsPerHost must be 1-100.";
        if (QuestionsPerMinute is < 1 or > 600) yield return "QuestionsPerMinute must be 1-600.";
        if (QuestionsPerSession is < 1 or > 100_000) yield return "QuestionsPerSession must be 1-100000.";
        if (NotesMaxLength is < 1 or > 100_000) yield return "NotesMaxLength must be 1-100000.";
        if (TextBytesPerCharacter is < 4 or > 64) yield return "TextBytesPerCharacter must be 4-64.";
        if (CombiningMarksPerCharacter is < 1 or > 64) yield return "CombiningMarksPerCharacter must be 1-64.";
    }
}
