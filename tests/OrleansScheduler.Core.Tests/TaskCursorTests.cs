using OrleansScheduler.Storage;

namespace OrleansScheduler.Core.Tests;

public sealed class TaskCursorTests
{
    [Fact]
    public void a_cursor_survives_the_round_trip_and_is_url_safe()
    {
        var cursor = new TaskCursor("emails.high", "01JQ0000000000000000000000");
        string text = cursor.Encode();
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.True(TaskCursor.TryDecode(text, out var back));
        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bm9zbGFzaA")]
    public void a_cursor_not_made_by_the_store_is_refused(string text) =>
        Assert.False(TaskCursor.TryDecode(text, out _));
}
