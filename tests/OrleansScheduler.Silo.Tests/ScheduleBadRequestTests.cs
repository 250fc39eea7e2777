using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Scheduling.Schedules;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>
/// Bad input to <c>/api/schedules</c> gets a clear 4xx naming what was wrong, and changes no
/// schedule (DESIGN.md §10). Each row: the status it must get, and the field (or, for 404s and
/// 405s, the text) its ProblemDetails must name.
/// </summary>
public abstract class ScheduleBadRequestTests(SiloFixture silo)
{
    /// <summary>A schedule that exists before every case, so "name taken" and bad replacements can be tested.</summary>
    private const string Taken = "taken-schedule";

    private const string Json = "application/json";

    public static TheoryData<string, string, string, string?, string?, int, string> Cases => new()
    {
        // because, method, path, content type, body, status, field or text the problem must name
        { "malformed JSON", "POST", "/api/schedules", Json, """{"name":""", 400, "body" },
        { "the body is an array", "POST", "/api/schedules", Json, """[{"name":"x"}]""", 400, "body" },
        { "name is missing", "POST", "/api/schedules", Json, """{"cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "name has a space", "POST", "/api/schedules", Json, """{"name":"my job","cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "name is 65 characters", "POST", "/api/schedules", Json, $$$"""{"name":"{{{new string('n', 65)}}}","cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "name is a number", "POST", "/api/schedules", Json, """{"name":7,"cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "cron is missing", "POST", "/api/schedules", Json, """{"name":"x1","task":{"type":"echo"}}""", 400, "cron" },
        { "cron is a number", "POST", "/api/schedules", Json, """{"name":"x1","cron":5,"task":{"type":"echo"}}""", 400, "cron" },
        { "cron has a day-of-month of 32", "POST", "/api/schedules", Json, """{"name":"x1","cron":"0 0 32 * *","task":{"type":"echo"}}""", 400, "cron: Days of month: Value must be a number between 1 and 31" },
        { "cron has four fields", "POST", "/api/schedules", Json, """{"name":"x1","cron":"0 0 * *","task":{"type":"echo"}}""", 400, "cron" },
        { "cron never fires", "POST", "/api/schedules", Json, """{"name":"x1","cron":"0 0 30 2 *","task":{"type":"echo"}}""", 400, "never fires" },
        { "cron is an unknown macro", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@fortnightly","task":{"type":"echo"}}""", 400, "cron" },
        { "timeZone is unknown", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","timeZone":"Mars/Olympus_Mons","task":{"type":"echo"}}""", 400, "timeZone" },
        { "timeZone is a path", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","timeZone":"../../etc/passwd","task":{"type":"echo"}}""", 400, "timeZone" },
        { "task is missing", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily"}""", 400, "task" },
        { "task is a string", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":"echo"}""", 400, "task" },
        { "task.type is missing", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"queue":"q"}}""", 400, "task.type" },
        { "task has a field schedules do not take", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","delayMs":5}}""", 400, "task.delayMs" },
        { "task.priority is over the maximum", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","priority":1001}}""", 400, "task.priority" },
        { "task.priority is a string", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","priority":"high"}}""", 400, "task.priority" },
        { "task.timeoutMs is 0", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","timeoutMs":0}}""", 400, "task.timeoutMs" },
        { "task.queue has a slash", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","queue":"a/b"}}""", 400, "task.queue" },
        { "task.payload is over 256 KiB", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","task":{"type":"echo","payload":"<300KiB>"}}""", 413, "task.payload" },
        { "enabled is a string", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","enabled":"yes","task":{"type":"echo"}}""", 400, "enabled" },
        { "overlap is unknown", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","overlap":"sometimes","task":{"type":"echo"}}""", 400, "overlap" },
        { "catchUp is unknown", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","catchUp":"twice","task":{"type":"echo"}}""", 400, "catchUp" },
        { "a field in the wrong case", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","timezone":"UTC","task":{"type":"echo"}}""", 400, "timezone" },
        { "an unknown field", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","every":"1h","task":{"type":"echo"}}""", 400, "every" },
        { "a field given twice", "POST", "/api/schedules", Json, """{"name":"x1","cron":"@daily","cron":"@hourly","task":{"type":"echo"}}""", 400, "cron" },
        { "the name is taken", "POST", "/api/schedules", Json, $$$"""{"name":"{{{Taken}}}","cron":"@hourly","task":{"type":"echo"}}""", 409, "name" },
        { "the content type is text", "POST", "/api/schedules", "text/plain", """{"name":"x1","cron":"@daily","task":{"type":"echo"}}""", 415, "Content-Type" },
        { "a put names another schedule in its body", "PUT", $"/api/schedules/{Taken}", Json, """{"name":"other","cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "a put replaces with a bad cron", "PUT", $"/api/schedules/{Taken}", Json, """{"cron":"61 * * * *","task":{"type":"echo"}}""", 400, "cron: Minutes: Value must be a number between 0 and 59" },
        { "a put replaces with no task", "PUT", $"/api/schedules/{Taken}", Json, """{"cron":"@daily"}""", 400, "task" },
        { "a put to a bad name", "PUT", "/api/schedules/bad%20name", Json, """{"cron":"@daily","task":{"type":"echo"}}""", 400, "name" },
        { "a get of a bad name", "GET", "/api/schedules/bad%20name", null, null, 400, "name" },
        { "a get of an unknown schedule", "GET", "/api/schedules/no-such-schedule", null, null, 404, "no-such-schedule" },
        { "a delete of an unknown schedule", "DELETE", "/api/schedules/no-such-schedule", null, null, 404, "no-such-schedule" },
        { "a delete of a bad name", "DELETE", "/api/schedules/bad%20name", null, null, 400, "name" },
        { "a method the route does not take", "PATCH", $"/api/schedules/{Taken}", Json, "{}", 405, "PATCH" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task a_bad_schedule_request_gets_a_problem_naming_what_was_wrong_and_changes_nothing(
        string because, string method, string path, string? contentType, string? body, int status, string field)
    {
        var store = silo.Factory.Services.GetRequiredService<IScheduleStore>();
        if (await store.GetAsync(Taken) is null)
            await store.CreateAsync(new ScheduleDefinition { Name = Taken, Cron = "@yearly", Task = new ScheduleTaskTemplate { Type = "echo" } });
        var before = await store.ListAsync();

        var response = await silo.Http.SendRawAsync(new HttpMethod(method), path, contentType, body?.Replace("<300KiB>", new string('x', 300 * 1024)));

        var (problem, detail) = await response.ProblemAsync(status, because);
        Assert.True(detail.Contains(field), $"{because}: the detail should name '{field}': {problem}");
        if (status is 400 or 409 or 413 && !field.Contains(' ') && field.Length < 20 && problem.TryGetProperty("errors", out var errors))
            Assert.True(errors.TryGetProperty(field, out _) || field is "never fires", $"{because}: errors should hold '{field}': {problem}");
        Assert.Equal(before, await store.ListAsync());
    }
}
