using OrleansScheduler.Handlers;

public interface IInvoiceGrain : IGrainWithStringKey
{
    /// <summary>Marks the invoice paid and returns the id of the task that paid it first.</summary>
    Task<string> MarkPaidAsync(string paymentTaskId);
}

public sealed class InvoiceGrain : Grain, IInvoiceGrain
{
    private string? _paidBy; // in memory for the sample; a real invoice keeps it with [PersistentState]

    public Task<string> MarkPaidAsync(string paymentTaskId) => Task.FromResult(_paidBy ??= paymentTaskId);
}

public sealed record PaymentRequest(string Invoice);

public sealed class MarkInvoicePaid : TaskHandler<PaymentRequest>
{
    protected override async Task<object?> HandleAsync(PaymentRequest request, TaskContext context)
    {
        // Handlers run at least once: the grain remembers which task paid it, so a second run changes nothing.
        string paidBy = await context.GrainFactory.GetGrain<IInvoiceGrain>(request.Invoice).MarkPaidAsync(context.TaskId);
        return new { request.Invoice, paidBy };
    }
}
