using System.CommandLine;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Cli.Commands;

/// <summary><c>osched submit &lt;type&gt; [payload]</c>: submits one task and prints its id and state.</summary>
public static class SubmitCommand
{
    /// <summary>The command.</summary>
    public static Command Create(CommandRunner runner)
    {
        var type = new Argument<string>("type") { Description = "The task's type (the handler that runs it)" };
        var payload = new Argument<string?>("payload") { Description = "The payload as JSON, or - to read it from standard input", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<FileInfo?>("--file", "-f") { Description = "Read the payload (JSON) from this file" };
        var queue = new Option<string?>("--queue", "-q") { Description = "Queue (default: default)" };
        var priority = new Option<int?>("--priority", "-p") { Description = "Priority; higher runs first" };
        var delay = new Option<long?>("--delay-ms") { Description = "Run no sooner than this many milliseconds from now" };
        var id = new Option<string?>("--id") { Description = "A client-chosen task id" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Submitting again with this key answers with the first task's id" };
        var maxAttempts = new Option<int?>("--max-attempts") { Description = "Attempts before the task ends Failed" };
        var timeout = new Option<long?>("--timeout-ms") { Description = "Time one attempt may run" };
        var routing = new Option<string?>("--routing") { Description = "Where the task may run, as the API's routing JSON, e.g. '{\"strategy\":\"roundRobin\"}'" };
        var command = new Command("submit", "Submit a task") { type, payload, file, queue, priority, delay, id, idempotencyKey, maxAttempts, timeout, routing };
        runner.Handle(command, async (parse, session, cancellationToken) =>
        {
            var request = new SubmitTaskRequest
            {
                Type = parse.GetValue(type)!,
                Payload = await JsonArgument.ReadPayloadAsync(parse.GetValue(payload), parse.GetValue(file), session.Input, cancellationToken).ConfigureAwait(false),
                Queue = parse.GetValue(queue),
                Priority = parse.GetValue(priority),
                DelayMs = parse.GetValue(delay),
                Id = parse.GetValue(id),
                IdempotencyKey = parse.GetValue(idempotencyKey),
                MaxAttempts = parse.GetValue(maxAttempts),
                TimeoutMs = parse.GetValue(timeout),
                Routing = JsonArgument.Deserialize<TaskRouting>(parse.GetValue(routing), "--routing"),
            };
            var submitted = await session.Client.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            session.Output.Print(submitted, s => Tables.New("id", "status").Row(s.Id, s.Status.ToString()));
        });
        return command;
    }
}
