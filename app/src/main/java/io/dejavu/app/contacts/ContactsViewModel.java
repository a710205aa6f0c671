package io.dejavu.app.contacts;

import io.dejavu.app.session.Contact;
import io.dejavu.app.session.Contact.Presence;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the contacts screen: who is there and reachable, and the dial box. Dialling is handed
 * to {@code dialer} (the call view model) once the name makes sense.
 *
 * <pre>{@code
 * ContactsViewModel vm = new ContactsViewModel(callViewModel::dial);
 * vm.signedInAs("alice");
 * vm.update(List.of(new Contact("bob", Presence.ONLINE)));
 * vm.dial("bob");
 * }</pre>
 */
public final class ContactsViewModel {
    private static final Comparator<Contact> ORDER = Comparator.comparing(
                    (Contact c) -> c.presence().ordinal())
            .thenComparing(c -> c.name().toLowerCase(Locale.ROOT));

    private final Consumer<String> dialer;
    private final ObservableList<Contact> contacts = FXCollections.observableArrayList();
    private final StringProperty dialText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper me = new ReadOnlyStringWrapper("");

    public ContactsViewModel(Consumer<String> dialer) {
        this.dialer = dialer;
    }

    public void signedInAs(String user) {
        me.set(user);
        contacts.clear();
        error.set("");
    }

    /** Replaces the list with what the server says, without the user themself; online first. */
    public void update(List<Contact> fresh) {
        contacts.setAll(fresh.stream()
                .filter(c -> !c.name().equals(me.get()))
                .sorted(ORDER)
                .toList());
    }

    /** Calls whoever is typed in the dial box. */
    public void dialTyped() {
        dial(dialText.get());
    }

    /** Calls {@code name}, or says in {@link #errorProperty()} why not. */
    public void dial(String name) {
        String callee = name == null ? "" : name.strip();
        if (callee.isEmpty()) {
            error.set("Type the name of the person to call.");
            return;
        }
        if (callee.equals(me.get())) {
            error.set("You cannot call yourself.");
            return;
        }
        Presence presence = presenceOf(callee);
        if (presence == Presence.OFFLINE) {
            error.set(callee + " is offline.");
            return;
        }
        error.set("");
        dialer.accept(callee);
    }

    /** Shows why a call did not happen (rejected, busy, unreachable). */
    public void showMessage(String message) {
        error.set(message);
    }

    private Presence presenceOf(String name) {
        return contacts.stream()
                .filter(c -> c.name().equals(name))
                .map(Contact::presence)
                .findFirst()
                .orElse(Presence.ONLINE);
    }

    public ObservableList<Contact> contacts() {
        return contacts;
    }

    public StringProperty dialTextProperty() {
        return dialText;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty meProperty() {
        return me.getReadOnlyProperty();
    }
}
