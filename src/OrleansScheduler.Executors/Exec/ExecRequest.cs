using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// An <c>exec</c> task's payload checked against the silo's allow-list: the command it names, its arguments,
/// environment, directory and stdin. Anything the allow-list or the payload's shape refuses fails the task at
/// once, since another attempt would be refused the same way.
/// </summary>
internal sealed class ExecRequest
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private ExecRequest(string name, ExecCommandOptions command, ExecPayload payload, IReadOnlySet<int> nonRetryable, string where)
    {
        Name = name;
        Command = command;
        Payload = payload;
        NonRetryableExitCodes = nonRetryable;
        Where = where;
    }

    /// <summary>The command's allow-listed name.</summary>
    public string Name { get; }

    /// <summary>The command's configuration.</summary>
    public ExecCommandOptions Command { get; }

    /// <summary>The payload as given.</summary>
    public ExecPayload Payload { get; }

    /// <summary>The global and the command's own non-retryable exit codes.</summary>
    public IReadOnlySet<int> NonRetryableExitCodes { get; }

    /// <summary>"command 'x' of task 't' on silo 's'": how messages name the attempt.</summary>
    public string Where { get; }

    /// <summary>Reads the payload of <paramref name="context"/> and finds its command in <paramref name="options"/>.</summary>
    /// <exception cref="NonRetryableTaskException">The payload is malformed, names no allow-listed command, or its working directory does not exist.</exception>
    public static ExecRequest Resolve(TaskContext context, ExecOptions options)
    {
        string task = $"exec task '{context.TaskId}' on silo '{context.SiloId}'";
        ExecPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<ExecPayload>(context.PayloadJson, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            string named = PeekCommand(context.PayloadJson) is { } peeked ? $" (command '{peeked}')" : "";
            throw new NonRetryableTaskException(
                $"The payload of {task}{named} is not {{\"command\": \"<name>\", \"args\": [strings], \"env\": {{name: string}}, \"workingDir\": \"<absolute dir>\", \"stdin\": \"<text>\"}}: {e.Message} {AllowList(options, context.SiloId)}", e);
        }
        if (string.IsNullOrEmpty(payload?.Command))
            throw new NonRetryableTaskException($"The payload of {task} names no command (\"command\": \"<name>\"). {AllowList(options, context.SiloId)}");

        string name = payload.Command;
        if (options.Commands is null || !options.Commands.TryGetValue(name, out var command) || command is null)
            throw new NonRetryableTaskException($"Command '{name}' of {task} is not allow-listed. {AllowList(options, context.SiloId)}");

        string where = $"command '{name}' of {task}";
        if (payload.Args?.Any(a => a is null) == true) throw new NonRetryableTaskException($"The args of {where} must all be strings.");
        if (payload.WorkingDir is { } dir && (!Path.IsPathFullyQualified(dir) || !Directory.Exists(dir)))
            throw new NonRetryableTaskException($"The workingDir '{dir}' of {where} is not an existing absolute directory on that silo.");

        var codes = new HashSet<int>(options.NonRetryableExitCodes ?? []);
        codes.UnionWith(command.NonRetryableExitCodes ?? []);
        return new ExecRequest(name, command, payload, codes, where);
    }

    /// <summary>
    /// How to start the program: through <paramref name="launcher"/> (setsid, so it leads a process group of its own)
    /// when there is one, with its arguments as an argv list that no shell ever reads.
    /// </summary>
    public ProcessStartInfo StartInfo(string? launcher, ExecOptions options)
    {
        var info = new ProcessStartInfo
        {
            FileName = launcher ?? Command.Path,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = Payload.WorkingDir ?? "",
        };
        if (launcher is not null)
        {
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(Command.Path);
        }
        foreach (string arg in Command.Args ?? []) info.ArgumentList.Add(arg);
        foreach (string? arg in Payload.Args ?? []) info.ArgumentList.Add(arg!);
        ExecEnvironment.Apply(info.Environment, options, Command, Name, Payload.Env, Where);
        return info;
    }

    /// <summary>What the silo allows and how to allow a command, for refusals.</summary>
    private static string AllowList(ExecOptions options, string siloId)
    {
        const string HowTo = "To allow a command, configure Scheduler:Exec:Commands:<name>:Path (the program's absolute path) and optionally Scheduler:Exec:Commands:<name>:Args (its leading arguments).";
        var names = options.Commands?.Keys.Order(StringComparer.Ordinal).ToList() ?? [];
        return names.Count == 0
            ? $"Silo '{siloId}' allows no commands (none configured). {HowTo}"
            : $"Silo '{siloId}' allows: {string.Join(", ", names)}. {HowTo}";
    }

    /// <summary>The payload's command name when it can be read at all, so a refusal of a malformed payload still names it.</summary>
    private static string? PeekCommand(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.String
                ? command.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
