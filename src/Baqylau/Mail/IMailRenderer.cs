namespace Baqylau.Mail;

public sealed record RenderedMail(string Subject, string Body);

/// <summary>Turns a queued message into text in its language (the web app renders from its kk/ru resources).</summary>
public interface IMailRenderer
{
    RenderedMail Render(string kind, string culture, IReadOnlyDictionary<string, string> args);
}
