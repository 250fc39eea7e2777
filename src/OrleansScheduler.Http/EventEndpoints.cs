using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OrleansScheduler.Api;
using OrleansScheduler.Grains;
using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace OrleansScheduler.Http;

/// <summary>
/// <c>GET /api/events?queue=…</c>: a queue's task events as Server-Sent Events (DESIGN.md §3, §9),
/// from the oldest kept or after a given event id, then live until the client goes away.
/// </summary>
internal static class EventEndpoints
{
    /// <summary>The media type of the stream.</summary>
    public const string EventStreamMediaType = "text/event-stream";

    /// <summary>Maps <c>GET /events</c> under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapEventEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync).WithTags("Events").WithName("StreamEvents")
           .WithSummary("The queue's task events as Server-Sent Events (id: <event id>, event: <type>, data: <event JSON>), oldest kept first, "
                        + "then live. Resume with the Last-Event-ID header or ?after=<event id> (the header wins when both are given).")
           // The schema is what each event's data line holds.
           .Produces<TaskEventInfo>(StatusCodes.Status200OK, EventStreamMediaType)
           .ProducesValidationProblem()
           .AddOpenApiOperationTransformer(DescribeParameters);
        return api;
    }

    private static async Task<IResult> StreamAsync(
        HttpRequest request, IGrainFactory grains, IOptions<EventStreamOptions> options, IOptions<HttpJsonOptions> json,
        TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<ServerSentEventsResult> logger)
    {
        var (stream, errors) = EventQueryParser.Parse(request);
        if (stream is null) return Problems.Invalid("The event stream request is invalid.", errors);

        // The first read happens before the response starts, so a store that refuses it is still answered with a problem.
        var queue = grains.GetGrain<IQueueGrain>(stream.Queue);
        IReadOnlyList<TaskEventInfo> first;
        try
        {
            first = await queue.ReadEventsAsync(stream.After, EventStreamOptions.BatchSize);
        }
        catch (ArgumentException invalid)
        {
            return Problems.Invalid("The event stream request is invalid.", stream.AfterField, invalid.Message);
        }
        return new ServerSentEventsResult(stream, first, queue, options.Value, json.Value.SerializerOptions, clock, lifetime.ApplicationStopping, logger);
    }

    /// <summary>The query is read by hand (to refuse unknown parameters) and the header by name, so the generator sees neither.</summary>
    private static Task DescribeParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "queue", In = ParameterLocation.Query, Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = TaskLimits.QueuePattern },
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "after", In = ParameterLocation.Query, Description = "Start after this event id (exclusive).", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = EventQueryParser.LastEventIdHeader, In = ParameterLocation.Header,
            Description = "Resume after this event id (exclusive); wins over after.", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        return Task.CompletedTask;
    }
}
