namespace Touchpoint.Features.Conversations;

public static class ConversationsModule
{
    public static IServiceCollection AddConversations(this IServiceCollection services)
    {
        services.AddOptions<ConversationsOptions>().BindConfiguration("Touchpoint:Conversations")
            .Validate(o => o.FirstReplyPromise > TimeSpan.Zero && o.FirstReplyPromise <= TimeSpan.FromDays(7), "Touchpoint:Conversations:FirstReplyPromise must be between 1 second and 7 days.")
            .ValidateOnStart();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<ConversationFeed>();
        services.AddSingleton<FinishedCounts>();
        services.AddOptions<ReplyAttachmentOptions>().BindConfiguration("Touchpoint:Conversations:Attachments")
            .Validate(o => o.IsValid, "Touchpoint:Conversations:Attachments: MaxFiles 1–50, MaxFileBytes 1 byte–25 MB, MaxTotalBytes from MaxFileBytes to 50 MB.")
            .ValidateOnStart();
        services.AddScoped<ConversationDesk>();
        services.AddScoped<PostStaffMessage>();
        services.AddSingleton<Platform.Mail.IMailAttachments, ConversationMailAttachments>();
        services.AddSingleton<BulkUpdate>();
        services.AddCustomerChangesForConversations();
        return services;
    }

    public static WebApplication MapConversations(this WebApplication app)
    {
        app.MapConversationsApi().MapBulkUpdate().MapSavedViews();
        return app;
    }
}

public sealed class ConversationsOptions
{
    /// <summary>What the acknowledgement promises: an answer within this time (seed 003: one hour, never over 24 hours).</summary>
    public TimeSpan FirstReplyPromise { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The promise in the customer's words: "1 h", "45 min" (whole hours when it is whole hours).</summary>
    public string PromiseText(string language) =>
        FirstReplyPromise.TotalHours >= 1 && FirstReplyPromise.TotalHours == Math.Floor(FirstReplyPromise.TotalHours)
            ? Platform.Localization.Texts.Format(language, "Mail.Conversation.Hours", (int)FirstReplyPromise.TotalHours)
            : Platform.Localization.Texts.Format(language, "Mail.Conversation.Minutes", (int)Math.Max(1, FirstReplyPromise.TotalMinutes));
}
