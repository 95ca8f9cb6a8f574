using Microsoft.Extensions.Options;

namespace Huddle.Server.Options;

/// <summary>
/// The one way Huddle registers settings: bind a section, validate it at start with the class's own
/// <c>Validate()</c>, read it through <see cref="IOptions{TOptions}"/>. A bad setting stops the server
/// before it touches the database, with every problem named by its section (see StartupFailure).
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="T"/>; returns the builder for extra Configure/PostConfigure steps.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, Func<T, IEnumerable<string>> validate)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, validate));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>Reports every problem of an options class at start, prefixed by its section, instead of one generic message.</summary>
    private sealed class SectionValidator<T>(string section, Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = validate(options).Select(p => $"{section}: {p}").ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
