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
    }
}
