namespace Baqylau.Web.Components.Shared;

/// <summary>What a service refused: its resource key, and the fields' problems or the current version where it has them.</summary>
public sealed record ActionFailure(string ErrorKey, IReadOnlyList<ValidationError> Errors, ConflictException? Conflict)
{
    /// <summary>The refusal as a list of errors for the form: the fields' own, or the one key with no field.</summary>
    public IReadOnlyList<ValidationError> AsErrors => Errors.Count > 0 ? Errors : [new ValidationError(ErrorKey)];

    /// <summary>The version someone else saved, when the refusal was a conflict carrying it.</summary>
    public T? Current<T>()
        where T : class, IVersioned =>
        (Conflict as ConflictException<T>)?.Current;
}

/// <summary>
/// The one place where a workspace page calls a service and meets its refusals: one action at a time (a second
/// click while one runs does nothing), and whatever the service throws of the domain's errors comes back as an
/// <see cref="ActionFailure"/> for the page to show, never as an exception through the circuit.
/// </summary>
/// <param name="onFailure">How the page shows a refusal (fields' errors, a message, the conflict dialog).</param>
public sealed class ActionRunner(Func<ActionFailure, Task> onFailure)
{
    public ActionRunner(Action<ActionFailure> onFailure)
        : this(f =>
        {
            onFailure(f);
            return Task.CompletedTask;
        })
    {
    }

    public bool Busy { get; private set; }

    /// <returns>True when the action ran to its end; false when it was refused or another one was running.</returns>
    /// <param name="failure">Shows a refusal of this action instead of the page's usual way (an autosave stays quiet).</param>
    public async Task<bool> RunAsync(Func<Task> action, Func<ActionFailure, Task>? failure = null)
    {
        if (Busy)
            return false;
        Busy = true;
        ActionFailure? refused;
        try
        {
            refused = await TryAsync(action);
        }
        finally
        {
            Busy = false;
        }

        // Outside the busy gate: showing a conflict may start another action (saving over the other version).
        if (refused is null)
            return true;
        await (failure ?? onFailure)(refused);
        return false;
    }

    /// <summary>Runs a service call once, without the busy gate (loading a page): null on success, else what was refused.</summary>
    public static async Task<ActionFailure?> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (ValidationException ex)
        {
            return new ActionFailure(ex.ErrorKey, ex.Errors, null);
        }
        catch (ConflictException ex)
        {
            return new ActionFailure(ex.ErrorKey, [], ex);
        }
        catch (DomainException ex)
        {
            return new ActionFailure(ex.ErrorKey, [], null);
        }
    }
}
