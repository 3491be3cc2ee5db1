package io.constellation.common.catalog;

/** A user could not be created because the name is taken (the catalog's unique key refused it). */
public class DuplicateUserException extends CatalogException {

    private static final long serialVersionUID = 1L;

    /** @param name the name that is taken; @param cause the driver's constraint violation */
    public DuplicateUserException(String name, Throwable cause) {
        super("user name '" + name + "' is already registered", cause);
    }
}
