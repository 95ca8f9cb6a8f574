using System.Globalization;
using Huddle.Core.Coaching;
using Huddle.Core.Sessions;
using Huddle.Server.Admin;
using Huddle.Server.Coaching;
using Huddle.Server.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Huddle.Server;

/// <summary>
/// Completes <c>/openapi/v1.json</c> with what the endpoint signatures cannot say: the bearer
/// scheme on every route that requires sign-in, the responses every route of its kind can give
/// (429 from the per-IP limit, 400/413/415 for a JSON body, 401/403 behind a policy), and the
/// request fields' limits as this server enforces them (read from its configuration).
/// EdgeTests checks the document against real responses.
/// </summary>
public static class ApiDescription
{
    public const string BearerScheme = "Bearer";
    public const string AdminKeyScheme = "AdminKey";

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer(ConstrainFields);
        options.AddOperationTransformer(CompleteOperation);
        options.AddDocumentTransformer(DeclareSchemes);
    }

    private static Task DeclareSchemes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A coaching account's access token (POST /api/auth/login); on admin routes also the operator's admin key.",
        };
        document.Components.SecuritySchemes[AdminKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AdminAuth.Header,
            Description = "The operator's admin key (Admin:Key); admin routes only.",
        };
        return Task.CompletedTask;
    }

    private static Task CompleteOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            if (authorize.Any(a => a.Policy == AdminAuth.Policy))
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminKeyScheme, document)] = [] });
            AddProblem(document, operation, 401, "Not signed in, or the token is not valid (unauthenticated).");
            AddProblem(document, operation, 403, "The account's role does not allow this (not_allowed).");
        }

        if (operation.RequestBody is not null)
        {
            AddProblem(document, operation, 400, "The body or a parameter is not valid (invalid_input or a field's own code).");
            AddProblem(document, operation, 413, "The body is larger than Huddle:Http:MaxRequestBodyBytes (payload_too_large).");
            AddProblem(document, operation, 415, "The body is not JSON (unsupported_media_type).");
        }

        // Every API route shares the per-IP request budget (Huddle:RateLimits:ApiRequestsPerMinute).
        if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            AddProblem(document, operation, 429, "Too many requests from this address (rate_limited); see Retry-After.");
        return Task.CompletedTask;
    }

    private static void AddProblem(OpenApiDocument document, OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
    }

    /// <summary>The limits each request field is checked against, so a client can validate before sending.</summary>
    private static Task ConstrainFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var limits = context.ApplicationServices.GetRequiredService<IOptions<HuddleLimits>>().Value;
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(CreateSessionRequest))
        {
            Text(schema, "kind", pattern: "^(jam|movie|classroom|room)$");
            Text(schema, "hostName", min: 1, max: limits.NameMaxLength);
            Text(schema, "title", max: limits.TitleMaxLength);
            Required(schema, "kind", "hostName");
        }
        else if (type == typeof(SettingsPatch))
        {
            Number(schema, "maxQueueSize", 1, limits.QueueMaxSize);
            Number(schema, "maxParticipants", 2, limits.ParticipantsHardMax);
            Number(schema, "skipThreshold", 0, 1, exclusiveMinimum: true);
            Required(schema);
        }
        else if (type == typeof(RegisterRequest))
        {
            Text(schema, "email", min: 3, max: 254);
            Text(schema, "password", min: PasswordRules.MinLength, max: PasswordRules.MaxLength);
            Text(schema, "name", max: 40);
            Required(schema, "email", "password");
        }
        else if (type == typeof(LoginRequest))
        {
            Text(schema, "email", min: 3, max: 254);
            Text(schema, "password", min: 1, max: PasswordRules.MaxLength);
            Required(schema, "email", "password");
        }
        else if (type == typeof(BookRequest))
        {
            Text(schema, "title", min: 1, max: BookingRules.TitleMaxLength);
            Text(schema, "description", max: BookingRules.DescriptionMaxLength);
            Text(schema, "scheduledAt", max: 40);
            Number(schema, "durationMinutes", CoachingPolicy.MinDurationMinutes, CoachingPolicy.MaxDurationMinutes);
            Required(schema, "title", "scheduledAt", "durationMinutes", "coachId");
        }
        else if (type == typeof(CompleteRequest))
        {
            Text(schema, "notes", max: CoachingSession.NotesMaxLength);
            Text(schema, "feedback", max: CoachingSession.FeedbackMaxLength);
            Number(schema, "rating", 1, 5);
            Required(schema);
        }
        else if (type == typeof(CancelRequest))
        {
            Text(schema, "reason", min: 1, max: CoachingSession.ReasonMaxLength);
            Required(schema, "reason");
        }
        else if (type == typeof(AvailabilityRequest))
        {
            Text(schema, "timeZone", max: 64);
        }

        return Task.CompletedTask;
    }

    private static void Text(OpenApiSchema schema, string property, int? min = null, int? max = null, string? pattern = null)
    {
        if (schema.Properties?.TryGetValue(property, out var field) != true || field is not OpenApiSchema text) return;
        if (min is not null) text.MinLength = min;
        if (max is not null) text.MaxLength = max;
        if (pattern is not null) text.Pattern = pattern;
    }

    private static void Number(OpenApiSchema schema, string property, double min, double max, bool exclusiveMinimum = false)
    {
        if (schema.Properties?.TryGetValue(property, out var field) != true || field is not OpenApiSchema number) return;
        var invariant = CultureInfo.InvariantCulture;
        if (exclusiveMinimum) number.ExclusiveMinimum = min.ToString(invariant);
        else number.Minimum = min.ToString(invariant);
        number.Maximum = max.ToString(invariant);
    }

    /// <summary>Exactly these (a record's constructor parameters all look required to the generator; most are optional).</summary>
    private static void Required(OpenApiSchema schema, params string[] properties) => schema.Required = new HashSet<string>(properties);
}
